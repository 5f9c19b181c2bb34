package org.rectifier.examples.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.nn.TrainingHistory;

/**
 * The cluster section of the benchmark: barrier training of the benchmark's 784-256-256-10
 * network on Spark's {@code local-cluster} master (executors are separate JVMs, so every step's
 * gradients and parameters cross the network stack), with 2, 4 and 8 executors of one core.
 * This 2-core machine oversubscribes them, so step times say little; the bytes and messages per
 * step at the busiest task and at the driver are the figures, and from them the communication
 * time of a step at 64 executors on 10 Gb/s links, for this network and for a 10M-parameter one,
 * for today's sharded all-reduce and for the driver star it replaced.
 *
 * <p>Options: {@code --executors 2,4,8}, {@code --rows N} (16384), {@code --epochs N} (3; the
 * first is warm-up). Runs itself in a child JVM with the environment local-cluster needs
 * ({@code SPARK_HOME} with an empty {@code jars/}, {@code SPARK_SCALA_VERSION},
 * {@code SPARK_LOCAL_IP}) when started without it.
 */
public final class ClusterBenchmark {

  /** Link speed of the on-paper figures: 10 Gb/s, in bytes per second. */
  static final double LINK_BYTES_PER_SECOND = 10e9 / 8;

  private ClusterBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (System.getenv("SPARK_SCALA_VERSION") == null) {
      int code = relaunch(args);
      if (code != 0) {
        throw new IllegalStateException("the cluster benchmark's JVM exited with " + code);
      }
      return;
    }
    String executors = "2,4,8";
    long rows = 16_384;
    int epochs = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--executors": executors = args[++i]; break;
        case "--rows": rows = Long.parseLong(args[++i]); break;
        case "--epochs": epochs = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Report report = new Report();
    int numParams = 0;
    for (String e : executors.split(",")) {
      numParams = run(report, Integer.parseInt(e.trim()), rows, epochs);
    }
    onPaper(report, numParams);
    report.printTable();
  }

  private static int run(Report report, int executors, long rows, int epochs)
      throws Exception {
    SparkSession spark = SparkSession.builder()
        .master("local-cluster[" + executors + ",1,1024]")
        .appName("rectifier-cluster-bench").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
        .getOrCreate();
    try {
      spark.sparkContext().setLogLevel("WARN");
      awaitExecutors(spark, executors);
      Dataset<Row> data = SyntheticDigits.create(spark, rows, executors, 42)
          .persist(StorageLevel.MEMORY_AND_DISK());
      data.count();
      MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {256, 256})
          .setActivation("relu").setSolver("adam").setBatchSize(256).setSeed(1).setTol(0)
          .setMaxIter(epochs).fit(data);
      List<TrainingHistory.Epoch> history = model.summary().epochs();
      double seconds = 0;
      double compute = 0;
      int steps = 0;
      for (TrainingHistory.Epoch e : history.subList(1, history.size())) {
        seconds += e.seconds;
        compute += e.computeSeconds;
        steps += e.steps;
      }
      String p = executors + " executors";
      report.add("8-cluster", p + ": step time", 1000 * seconds / steps, "ms");
      report.add("8-cluster", p + ": step time outside compute", 1000 * (seconds - compute)
          / steps, "ms", "oversubscribed: " + executors + " executors on "
          + Runtime.getRuntime().availableProcessors() + " cores");
      Traffic.report(report, p, model);
      if (executors == 2) {
        gangAgainstBarrier(report, spark, data, epochs, seconds, compute, steps);
        Recovery.report(report, spark, data);
      }
      data.unpersist();
      return model.weights().size();
    } finally {
      spark.stop();
    }
  }

  /**
   * The same fit as an ordinary-task gang (the path under dynamic allocation) against the
   * barrier stage, on the same executors, epochs 2..n.
   */
  private static void gangAgainstBarrier(Report report, SparkSession spark, Dataset<Row> data,
      int epochs, double barrierSeconds, double barrierCompute, int barrierSteps) {
    spark.sparkContext().setLocalProperty("spark.rectifier.barrier.gang", "true");
    MLPClassificationModel gang;
    try {
      gang = new MLPClassifier().setHiddenLayers(new int[] {256, 256}).setActivation("relu")
          .setSolver("adam").setBatchSize(256).setSeed(1).setTol(0).setMaxIter(epochs)
          .fit(data);
    } finally {
      spark.sparkContext().setLocalProperty("spark.rectifier.barrier.gang", null);
    }
    double seconds = 0;
    double compute = 0;
    int steps = 0;
    List<TrainingHistory.Epoch> history = gang.summary().epochs();
    for (TrainingHistory.Epoch e : history.subList(1, history.size())) {
      seconds += e.seconds;
      compute += e.computeSeconds;
      steps += e.steps;
    }
    double gangOverhead = 1000 * (seconds - compute) / steps;
    double barrierOverhead = 1000 * (barrierSeconds - barrierCompute) / barrierSteps;
    report.add("8-gang", "2 executors, gang of ordinary tasks: step time outside compute",
        gangOverhead, "ms", "path: " + gang.summary().executionPath());
    report.add("8-gang", "gang / barrier, step time outside compute (target <= 1.10)",
        gangOverhead / barrierOverhead, "ratio", String.format(Locale.ROOT,
            "barrier %.2f ms", barrierOverhead));
  }

  /**
   * What fault tolerance costs and what a lost executor costs (9-recovery): the state hand-off
   * per barrier job (one epoch as many short jobs against one job), and one executor JVM
   * SIGKILLed in the middle of an epoch (time from the kill until the retried job starts, and
   * the steps it redoes).
   */
  private static final class Recovery {
    static boolean isExecutor(ProcessHandle h) {
      try {
        // ProcessHandle.Info leaves out command lines this long; /proc has them whole.
        return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc",
            Long.toString(h.pid()), "cmdline")), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains("CoarseGrainedExecutorBackend");
      } catch (java.io.IOException e) {
        return false;
      }
    }

    static void report(Report report, SparkSession spark, Dataset<Row> data) throws Exception {
      org.apache.spark.SparkContext sc = spark.sparkContext();
      MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {256, 256})
          .setBatchSize(256).setSeed(1).setTol(0).setMaxIter(4);
      java.util.List<long[]> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
      org.apache.spark.scheduler.SparkListener listener =
          new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
              String d = job.properties() == null ? null
                  : job.properties().getProperty("spark.job.description");
              if (d != null && d.contains("(barrier)")) {
                int epoch = Integer.parseInt(d.replaceAll(".*epoch (\\d+)/.*", "$1"));
                jobs.add(new long[] {System.nanoTime(), epoch});
              }
            }
          };
      sc.addSparkListener(listener);
      try {
        long b0 = System.nanoTime();
        MLPClassificationModel plain = est.fit(data);
        double base = (System.nanoTime() - b0) / 1e9;
        double epochSeconds = plain.summary().epochs().get(2).seconds;

        // 1. The same epochs as many short jobs: the extra time per job is its hand-off.
        sc.setLocalProperty("spark.rectifier.barrier.secondsPerJob", "0.1");
        sc.listenerBus().waitUntilEmpty();
        jobs.clear();
        MLPClassificationModel split = est.fit(data);
        sc.setLocalProperty("spark.rectifier.barrier.secondsPerJob", null);
        sc.listenerBus().waitUntilEmpty();
        long epoch3Jobs = jobs.stream().filter(j -> j[1] == 3).count();
        double perJob = (split.summary().epochs().get(2).seconds - epochSeconds)
            / Math.max(1, epoch3Jobs - 1);
        report.add("9-recovery", "cost of one barrier job: scheduling, join, state hand-off",
            1000 * perJob, "ms", String.format(Locale.ROOT, "epoch 3 as %d jobs against 1;"
                + " %.1f MB of float64 state each way", epoch3Jobs,
                24.0 * split.weights().size() / 1e6));

        // 2. One executor JVM SIGKILLed a third into epoch 3.
        sc.listenerBus().waitUntilEmpty();
        jobs.clear();
        long[] killedAt = new long[1];
        Thread killer = new Thread(() -> {
          try {
            while (jobs.stream().noneMatch(j -> j[1] == 3)) {
              Thread.sleep(2);
            }
            Thread.sleep((long) (epochSeconds * 1000 / 3));
            // local-cluster's executors are child processes of this JVM.
            ProcessHandle victim = ProcessHandle.current().descendants()
                .filter(Recovery::isExecutor).findFirst().orElseThrow();
            killedAt[0] = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        killer.start();
        long t0 = System.nanoTime();
        MLPClassificationModel killed = est.fit(data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        killer.join();
        sc.listenerBus().waitUntilEmpty();
        long epoch3Start = jobs.stream().filter(j -> j[1] == 3).mapToLong(j -> j[0]).min()
            .orElse(0);
        long retry = jobs.stream().mapToLong(j -> j[0]).filter(t -> t > killedAt[0]).min()
            .orElse(0);
        double redone = (killedAt[0] - epoch3Start) / 1e9;
        boolean same = java.util.Arrays.equals(plain.weights().toArray(),
            killed.weights().toArray());
        report.add("9-recovery", "one executor SIGKILLed mid-epoch: kill to the retried job",
            (retry - killedAt[0]) / 1e9, "s", killed.summary().recoveredFailures()
                + " failure recovered, weights " + (same ? "bitwise equal" : "DIFFERENT"));
        report.add("9-recovery", "work redone: the failed job's time before the kill", redone,
            "s", String.format(Locale.ROOT, "about %.0f of %d steps", redone / epochSeconds
                * killed.summary().epochs().get(2).steps, killed.summary().epochs().get(2).steps));
        report.add("9-recovery", "fit with the kill / fit without", seconds / base, "ratio",
            String.format(Locale.ROOT, "%.1f s against %.1f s", seconds, base));
      } finally {
        sc.removeSparkListener(listener);
      }
    }
  }

  /** Bytes and messages per step, from the model's summary (absent before the collective). */
  private static final class Traffic {
    static void report(Report report, String p, MLPClassificationModel model) {
      List<?> history;
      try {
        history = (List<?>) model.summary().getClass().getMethod("trafficHistory")
            .invoke(model.summary());
      } catch (ReflectiveOperationException e) {
        return;
      }
      Object t = history.get(history.size() - 1);
      for (String f : new String[] {"taskBytesOut", "taskBytesIn", "taskMessagesOut",
          "taskMessagesIn", "driverBytes", "driverMessages", "scatterMillis", "updateMillis",
          "gatherMillis"}) {
        try {
          report.add("8-cluster", p + ": " + f + " per step",
              t.getClass().getField(f).getDouble(t), f.contains("Bytes") ? "B"
                  : f.contains("Millis") ? "ms" : "msgs");
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Per-step communication time on 10 Gb/s full-duplex links at 64 executors, from the two
   * protocols' byte counts (which the measured runs confirm for 2..8 executors): the star moves
   * every task's whole gradient and parameters through the driver's one link; the sharded
   * all-reduce moves 2 (P-1)/P of the parameters through each task's own link.
   */
  private static void onPaper(Report report, int benchParams) {
    int p = 64;
    for (double n : new double[] {benchParams, 10_000_000}) {
      String net = n == benchParams ? "784-256-256-10" : "10M-parameter net";
      double star = 2.0 * p * 4 * n / LINK_BYTES_PER_SECOND;
      double sharded = 2.0 * (p - 1) / p * 4 * n / LINK_BYTES_PER_SECOND;
      report.add("8-paper", net + ", 64 executors: star through the driver", 1000 * star, "ms",
          "driver receives then sends 64 x " + String.format(Locale.ROOT, "%.1f MB", 4 * n / 1e6));
      report.add("8-paper", net + ", 64 executors: sharded all-reduce", 1000 * sharded, "ms",
          "each task's own link, both directions at once");
    }
  }

  private static void awaitExecutors(SparkSession spark, int executors)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only "
            + (spark.sparkContext().statusTracker().getExecutorInfos().length - 1) + " of "
            + executors + " executors registered in 120 s");
      }
      Thread.sleep(100);
    }
  }

  /** Runs this class again in a child JVM with the environment local-cluster needs. */
  private static int relaunch(String[] args) throws Exception {
    Path home = Files.createTempDirectory("rectifier-spark-home");
    Files.createDirectories(home.resolve("jars"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ClusterBenchmark.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    if (!child.waitFor(2, TimeUnit.HOURS)) {
      child.destroyForcibly();
      return 1;
    }
    // Executors' work dirs land under SPARK_HOME/work.
    try (java.util.stream.Stream<Path> files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
    return child.exitValue();
  }
}
