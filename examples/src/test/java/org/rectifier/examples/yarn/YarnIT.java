package org.rectifier.examples.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rectifier.examples.Train;
import org.rectifier.ml.MLPClassificationModel;

/**
 * The main job on a real YARN cluster started here from Maven jars ({@link MiniYarn}), through
 * {@code SparkSubmit --master yarn} in child JVMs as a user runs it: in client and cluster deploy
 * mode, with weights bit for bit equal to the same job on {@code local[2]}, and under dynamic
 * allocation, where barrier training runs as a gang of ordinary tasks.
 *
 * <p>YARN's containers load Spark from {@code target/spark-jars} (the module's compile and
 * provided dependencies, copied before the integration tests) as {@code local:} jars; the
 * application goes as a user's does: the examples jar as the primary resource and the plugin
 * jar with {@code --jars}. Each run prints the time it took; on a failure the message carries
 * the tail of the spark-submit JVM's output, the applications' reports and the tails of every
 * container log (the NodeManager's log folders, under {@code target/YarnIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnIT {

  /** The job every run trains: small, seeded, on the data's content-defined partitions. */
  private static final List<String> TRAIN = List.of("--epochs", "2", "--hidden", "32", "--seed",
      "7", "--partitions", "2");
  /** Bound of one spark-submit (a run takes 30-60 s here). */
  private static final long RUN_TIMEOUT_SECONDS = 240;
  /** Bound of the wait for YARN to record an application's final state. */
  private static final long FINAL_STATE_SECONDS = 30;

  private static Path work;
  private static MiniYarn yarn;
  private static Path sparkJars;
  private static Path examplesJar;
  private static Path pluginJar;
  private static SparkSession loader;
  /** Seconds of each part, printed at the end. */
  private static final Map<String, Double> seconds = new LinkedHashMap<>();
  private static final Map<String, double[]> weights = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    work = Paths.get("target", "yarn-it").toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);
    sparkJars = Paths.get(property("rectifier.sparkJars"));
    for (String jar : List.of("spark-core_2.12-", "spark-yarn_2.12-", "spark-mllib_2.12-")) {
      try (Stream<Path> files = Files.list(sparkJars)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(jar)),
            sparkJars + " holds no " + jar + "*.jar: run through Maven's verify, whose"
                + " pre-integration-test phase copies Spark's jars there");
      }
    }
    examplesJar = Paths.get(property("rectifier.examplesJar"));
    assertTrue(Files.isRegularFile(examplesJar), "no examples jar at " + examplesJar);
    pluginJar = Stream.of(System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")).split(File.pathSeparator))
        .map(Paths::get)
        .filter(p -> p.getFileName().toString().matches("rectifier-spark_.*\\.jar"))
        .findFirst().orElseThrow(() -> new AssertionError("the rectifier-spark jar is not on"
            + " the test classpath (build it in the same reactor: -pl examples -am)"));
    long t0 = System.nanoTime();
    yarn = MiniYarn.start(work, 6144);
    seconds.put("MiniYARNCluster start", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (loader != null) {
        loader.stop();
      }
      if (yarn != null) {
        yarn.close();
      }
    } finally {
      String times = seconds.entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%-55s %6.1f s", e.getKey(), e.getValue()))
          .collect(Collectors.joining("\n", "YarnIT times:\n", "\n"));
      System.out.print(times);
      if (work != null) {
        Files.writeString(work.resolve("times.txt"), times);
      }
    }
  }

  @Test
  @Order(1)
  void clientDeployModeTrainsAndPrintsTheReport() throws Exception {
    Path model = work.resolve("model-yarn-client");
    Submitted s = submit("yarn-client", yarnArgs("client", false), model);
    String out = s.run.output();
    assertTrue(out.contains("test accuracy") && out.contains("Confusion matrix"),
        diagnose(s, "no report in the output"));
    assertTrue(out.contains("training path: barrier ("), diagnose(s, "no barrier path line"));
    assertSucceeded(s);
    assertTrue(Files.isDirectory(model.resolve("metadata")), diagnose(s, "no model saved"));
    weights.put("yarn-client", load(model));
  }

  @Test
  @Order(2)
  void weightsOnYarnEqualLocalTwoBitForBit() throws Exception {
    double[] yarnWeights = weights.get("yarn-client");
    if (yarnWeights == null) {
      clientDeployModeTrainsAndPrintsTheReport();
      yarnWeights = weights.get("yarn-client");
    }
    assertBitwiseEqual(localReference(), yarnWeights, "YARN client mode (2 executors x 1 core)");
  }

  @Test
  @Order(3)
  void dynamicAllocationTrainsAsAGangWithTheSameBits() throws Exception {
    Path model = work.resolve("model-yarn-dynamic");
    Submitted s = submit("yarn-dynamic-allocation", yarnArgs("client", true), model);
    String out = s.run.output();
    assertTrue(out.contains("test accuracy"), diagnose(s, "no report in the output"));
    assertTrue(out.contains("training path: gang (spark.dynamicAllocation.enabled=true"),
        diagnose(s, "no gang path line"));
    assertSucceeded(s);
    assertBitwiseEqual(localReference(), load(model),
        "YARN with dynamic allocation (0 to 2 executors x 1 core)");
  }

  @Test
  @Order(4)
  void clusterDeployModeRunsTheDriverInTheApplicationMaster() throws Exception {
    Path model = work.resolve("model-yarn-cluster");
    Submitted s = submit("yarn-cluster", yarnArgs("cluster", false), model);
    assertSucceeded(s);
    // The driver's stdout is the ApplicationMaster container's.
    String app = s.application.getApplicationId().toString();
    String driverOut = yarn.containerLogs(app).stream()
        .filter(f -> f.getFileName().toString().equals("stdout"))
        .map(YarnIT::read).filter(t -> t.contains("Rectifier Train:")).findFirst()
        .orElseThrow(() -> new AssertionError(diagnose(s, "no container stdout with the"
            + " driver's report")));
    assertTrue(driverOut.contains("test accuracy") && driverOut.contains("training path: barrier")
        && driverOut.contains("Model saved to"), diagnose(s, "driver's report:\n" + driverOut));
    assertTrue(Files.isDirectory(model.resolve("metadata")), diagnose(s, "no model saved"));
    assertBitwiseEqual(localReference(), load(model), "YARN cluster mode");
  }

  // ---------------------------------------------------------------------------------------

  /** A finished spark-submit and the YARN application it made (null on local[2]). */
  private static final class Submitted {
    final SparkSubmitJvm.Run run;
    final ApplicationReport application;

    Submitted(SparkSubmitJvm.Run run, ApplicationReport application) {
      this.run = run;
      this.application = application;
    }
  }

  /**
   * Runs {@code Train} through spark-submit with {@code sparkArgs}, saving the model to
   * {@code model}; fails (with the logs) unless it exits 0 in time.
   */
  private static Submitted submit(String name, List<String> sparkArgs, Path model)
      throws Exception {
    Set<String> before = yarn.applications().stream()
        .map(a -> a.getApplicationId().toString()).collect(Collectors.toCollection(HashSet::new));
    List<String> args = new ArrayList<>(sparkArgs);
    args.addAll(List.of("--jars", pluginJar.toString(), "--class", Train.class.getName(),
        examplesJar.toString()));
    args.addAll(TRAIN);
    args.addAll(List.of("--model-out", model.toUri().toString()));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HADOOP_CONF_DIR", yarn.confDir().toString());
    env.put("YARN_CONF_DIR", yarn.confDir().toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    String classpath = sparkJars + File.separator + "*" + File.pathSeparator + yarn.confDir();
    SparkSubmitJvm.Run run = SparkSubmitJvm.run(name, work, classpath, env, args,
        RUN_TIMEOUT_SECONDS);
    seconds.put("spark-submit " + name + " (" + sparkArgs.get(1)
        + (sparkArgs.contains("--deploy-mode") ? " " + sparkArgs.get(3) : "") + ")", run.seconds);
    List<ApplicationReport> apps = yarn.applications().stream()
        .filter(a -> !before.contains(a.getApplicationId().toString()))
        .collect(Collectors.toList());
    Submitted s = new Submitted(run, apps.isEmpty() ? null : apps.get(apps.size() - 1));
    if (run.timedOut || run.code != 0) {
      fail(diagnose(s, "spark-submit did not succeed"));
    }
    return s;
  }

  /** spark-submit's options for YARN: Spark from local jars, everything on 127.0.0.1. */
  private static List<String> yarnArgs(String deployMode, boolean dynamicAllocation) {
    String javaOptions = String.join(" ", SparkSubmitJvm.jvmOptions());
    String javaHome = System.getProperty("java.home");
    List<String> a = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", deployMode));
    conf(a, "spark.yarn.jars", "local:" + sparkJars + "/*");
    conf(a, "spark.yarn.stagingDir", work.resolve("staging").toUri().toString());
    conf(a, "spark.yarn.maxAppAttempts", "1");
    conf(a, "spark.ui.enabled", "false");
    conf(a, "spark.yarn.am.memory", "512m");
    conf(a, "spark.driver.memory", "1g");
    conf(a, "spark.executor.memory", "512m");
    conf(a, "spark.executor.cores", "1");
    // Java 17: the ApplicationMaster (client mode), the driver (cluster mode: in the AM's
    // container) and the executors all run Spark.
    conf(a, "spark.yarn.am.extraJavaOptions", javaOptions);
    conf(a, "spark.driver.extraJavaOptions", javaOptions);
    conf(a, "spark.executor.extraJavaOptions", javaOptions);
    for (String prefix : List.of("spark.yarn.appMasterEnv.", "spark.executorEnv.")) {
      conf(a, prefix + "SPARK_LOCAL_IP", "127.0.0.1");
      conf(a, prefix + "JAVA_HOME", javaHome);
      conf(a, prefix + "OPENBLAS_NUM_THREADS", "1");
    }
    if (dynamicAllocation) {
      conf(a, "spark.dynamicAllocation.enabled", "true");
      conf(a, "spark.dynamicAllocation.shuffleTracking.enabled", "true");
      conf(a, "spark.dynamicAllocation.minExecutors", "0");
      conf(a, "spark.dynamicAllocation.maxExecutors", "2");
    } else {
      conf(a, "spark.executor.instances", "2");
      // Train only once both executors are there: barrier training plans its partitions from
      // the task slots it finds, and one executor's slot would merge the two partitions (other
      // partials, other rounding).
      conf(a, "spark.scheduler.minRegisteredResourcesRatio", "1.0");
      conf(a, "spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    }
    return a;
  }

  private static void conf(List<String> args, String key, String value) {
    args.add("--conf");
    args.add(key + "=" + value);
  }

  /** The weights of the same job on local[2], through spark-submit the same way (once). */
  private static double[] localReference() throws Exception {
    double[] w = weights.get("local[2]");
    if (w == null) {
      Path model = work.resolve("model-local");
      List<String> args = new ArrayList<>(List.of("--master", "local[2]"));
      conf(args, "spark.ui.enabled", "false");
      submit("local", args, model);
      w = load(model);
      weights.put("local[2]", w);
    }
    return w;
  }

  /** The flat weights of a saved model, loaded in this JVM. */
  private static double[] load(Path model) {
    if (loader == null) {
      loader = SparkSession.builder().master("local[1]").appName("YarnIT-load")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
    }
    return MLPClassificationModel.load(model.toString()).weights().toArray();
  }

  private static void assertBitwiseEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": weight count");
    int differ = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
        differ++;
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
      }
    }
    assertEquals(0, differ, String.format(Locale.ROOT, "%s: %d of %d weights differ from"
        + " local[2]'s (max |diff| %.3g)", what, differ, expected.length, maxDiff));
    System.out.printf(Locale.ROOT, "%s: all %d weights equal local[2]'s bit for bit%n", what,
        expected.length);
  }

  /** Waits (bounded) for the application to end, and fails unless it SUCCEEDED. */
  private static void assertSucceeded(Submitted s) throws InterruptedException {
    if (s.application == null) {
      fail(diagnose(s, "no YARN application was submitted"));
    }
    String id = s.application.getApplicationId().toString();
    long deadline = System.nanoTime() + FINAL_STATE_SECONDS * 1_000_000_000L;
    ApplicationReport report = s.application;
    while (true) {
      report = yarn.applications().stream()
          .filter(a -> a.getApplicationId().toString().equals(id)).findFirst().orElse(report);
      YarnApplicationState state = report.getYarnApplicationState();
      boolean ended = state == YarnApplicationState.FINISHED
          || state == YarnApplicationState.FAILED || state == YarnApplicationState.KILLED;
      if (ended || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState(),
        diagnose(s, id + " did not finish"));
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
        diagnose(s, id + " did not succeed"));
  }

  /** What a failure message needs: the child's output, YARN's reports and container logs. */
  private static String diagnose(Submitted s, String what) {
    StringBuilder b = new StringBuilder(what).append("; ").append(s.run).append('\n');
    b.append(Tail.of(s.run.log, 120));
    b.append("---- YARN applications\n");
    try {
      for (ApplicationReport a : yarn.applications()) {
        b.append(a.getApplicationId()).append(' ').append(a.getYarnApplicationState())
            .append(' ').append(a.getFinalApplicationStatus()).append(": ")
            .append(a.getDiagnostics()).append('\n');
      }
    } catch (RuntimeException e) {
      b.append("(unavailable: ").append(e).append(")\n");
    }
    b.append(yarn.containerLogTails(60));
    return b.toString();
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalStateException("system property " + name + " is not set: run YarnIT"
          + " through Maven's failsafe (see examples/pom.xml)");
    }
    return v;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }
}
