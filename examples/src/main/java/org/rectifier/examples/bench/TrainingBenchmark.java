package org.rectifier.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.rectifier.kernel.Blas;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.train.loop.BarrierRunner;

/**
 * Rectifier's performance benchmark, in one JVM and one local[2] SparkSession: raw GEMM
 * roofline, engine kernel efficiency, end-to-end training, MLlib side by side, prediction,
 * memory, and PyTorch on the same rows as a single-machine peer ({@link TorchPeer}, skipped with a
 * note when {@code /usr/bin/python3} cannot import torch). Prints one JSON line per figure as it
 * goes, then a table. Options: {@code --rows N} (60000), {@code --epochs N} (5),
 * {@code --mllib-iterations N} (100), {@code --budget-seconds S} (60), {@code --skip-mllib},
 * {@code --skip-torch}, {@code --skip-cluster}, {@code --cluster-executors 2,4,8}. The cluster
 * section ({@link ClusterBenchmark}) runs last, in a JVM of its own, and prints its own table.
 */
public final class TrainingBenchmark {

  private static final int BATCH = 256;
  private static final MulticlassClassificationEvaluator ACCURACY =
      new MulticlassClassificationEvaluator().setMetricName("accuracy");

  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = 60_000;
    int epochs = 5;
    int mllibIterations = 100;
    double budget = 60;
    boolean skipMllib = false;
    boolean skipTorch = false;
    boolean skipCluster = false;
    List<String> clusterArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows": rows = Long.parseLong(args[++i]); break;
        case "--epochs": epochs = Integer.parseInt(args[++i]); break;
        case "--mllib-iterations": mllibIterations = Integer.parseInt(args[++i]); break;
        case "--budget-seconds": budget = Double.parseDouble(args[++i]); break;
        case "--skip-mllib": skipMllib = true; break;
        case "--skip-torch": skipTorch = true; break;
        case "--skip-cluster": skipCluster = true; break;
        case "--cluster-executors":
          clusterArgs.add("--executors");
          clusterArgs.add(args[++i]);
          break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Report report = new Report();
    System.out.println("BLAS: " + Blas.implementationName());
    System.out.println("JVM: " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version") + ", cores " + Runtime.getRuntime().availableProcessors()
        + ", flags " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.println("OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
    int[] layers = Mlp784.LAYERS;
    double flopsPerRow = Mlp784.trainingFlopsPerRow(layers);

    // 1. Roofline.
    double s1 = GemmBench.stepGflops(layers, BATCH, true, 1, 3);
    double s2 = GemmBench.stepGflops(layers, BATCH / 2, true, 2, 3);
    double d1 = GemmBench.stepGflops(layers, BATCH, false, 1, 3);
    double d2 = GemmBench.stepGflops(layers, 128, false, 2, 3);
    report.add("1-gemm", "sgemm step GEMMs, batch 256, 1 thread", s1, "GFLOP/s");
    report.add("1-gemm", "sgemm step GEMMs, batch 128 x 2 threads (2-task roofline)", s2,
        "GFLOP/s");
    report.add("1-gemm", "dgemm step GEMMs, batch 256, 1 thread", d1, "GFLOP/s");
    report.add("1-gemm", "dgemm step GEMMs, batch 128 x 2 threads", d2, "GFLOP/s");

    // 2. Engine kernel.
    double k1 = KernelBench.stepGflops(layers, BATCH, 3);
    report.add("2-kernel", "engine forward+backward, batch 256, 1 thread", k1, "GFLOP/s");
    report.add("2-kernel", "kernel efficiency vs sgemm (target >= 0.70)", k1 / s1, "ratio");

    SparkSession spark = SparkSession.builder().master("local[2]").appName("rectifier-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    resetHeapPeaks();
    Dataset<Row> data = SyntheticDigits.create(spark, rows + 10_000, 2, 42);
    Dataset<Row>[] split = data.randomSplit(new double[] {rows, 10_000}, 7);
    Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
    long trainRows = train.count();
    long testRows = test.count();
    System.out.println("train rows " + trainRows + ", test rows " + testRows);
    AtomicInteger jobs = new AtomicInteger();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        String description = jobStart.properties() == null ? null
            : jobStart.properties().getProperty("spark.job.description");
        if (description != null && description.contains("epoch")) {
          jobs.incrementAndGet();
        }
      }
    });

    // 3. End-to-end training.
    MLPClassifier ours = new MLPClassifier().setHiddenLayers(new int[] {256, 256})
        .setActivation("relu").setSolver("adam").setBatchSize(BATCH).setSeed(1).setTol(0);
    jobs.set(0);
    long fitStart = System.nanoTime();
    MLPClassificationModel model = ours.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxIter(epochs).fit(train);
    double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
    List<TrainingHistory.Epoch> history = model.summary().epochs();
    // Epoch 1 pays JIT warm-up; later epochs vary with this machine's noise, so take the
    // epoch of median length among them and its own compute share.
    List<TrainingHistory.Epoch> later = new ArrayList<>(
        history.size() > 1 ? history.subList(1, history.size()) : history);
    later.sort(java.util.Comparator.comparingDouble(e -> e.seconds));
    TrainingHistory.Epoch median = later.get(later.size() / 2);
    for (TrainingHistory.Epoch e : history) {
      report.add("3-train", "epoch " + e.epoch + " seconds", e.seconds, "s",
          String.format(Locale.ROOT, "loss %.4f acc %.4f, %.2f s computing", e.loss,
              e.accuracy, e.computeSeconds));
    }
    double epochSeconds = median.seconds;
    double stepMs = 1000 * median.seconds / median.steps;
    double overheadMs = 1000 * (median.seconds - median.computeSeconds) / median.steps;
    double trainGflops = trainRows * flopsPerRow / epochSeconds / 1e9;
    report.add("3-train", "seconds per epoch (median of epochs 2..n)", epochSeconds, "s",
        "epoch " + median.epoch);
    report.add("3-train", "rows per second", trainRows / epochSeconds, "rows/s");
    report.add("3-train", "Spark jobs per epoch", (double) jobs.get() / epochs, "jobs",
        "plus 1 job per fit that validates and caches the data");
    report.add("3-train", "step time", stepMs, "ms");
    report.add("3-train", "time per step outside the kernels", overheadMs, "ms");
    report.add("3-train", "overhead share of step time (target <= 0.10)", overheadMs / stepMs,
        "ratio");
    report.add("3-train", "achieved training GFLOP/s", trainGflops, "GFLOP/s");
    report.add("3-train", "ratio to 2-task sgemm roofline (target >= 0.40)", trainGflops / s2,
        "ratio");
    report.add("3-train", "whole fit incl. validation and caching", fitSeconds, "s");
    double oursAccuracy = ACCURACY.evaluate(model.transform(test));
    report.add("3-train", "test accuracy after " + epochs + " epochs", oursAccuracy, "");
    networkCollectiveInLocalMode(report, spark, ours, train, epochs, stepMs, overheadMs);
    DropoutCost.report(report, layers, 256);
    CheckpointCost.report(report, model.weights().toArray(), layers);

    // 6. Memory (measured on the fit above).
    double raw = 4.0 * trainRows * layers[0];
    report.add("6-memory", "cached training blocks / raw float32 (target <= 1.25)",
        model.summary().cachedBytes() / raw, "ratio",
        String.format(Locale.ROOT, "%.1f MB cached", model.summary().cachedBytes() / 1e6));

    // 5. Prediction.
    Dataset<Row> predictRows = test.limit(10_000).persist(StorageLevel.MEMORY_ONLY());
    predictRows.count();
    double floor = rowsPerSecond(null, predictRows, false);
    report.add("5-predict", "floor: the input alone through the noop sink", floor, "rows/s",
        "Spark's own cost per job, paid by both models");
    double oursPredict = rowsPerSecond(model, predictRows, false);
    double oursPredictOnly = rowsPerSecond(model, predictRows, true);
    report.add("5-predict", "Rectifier transform, all output columns", oursPredict, "rows/s");
    report.add("5-predict", "Rectifier transform, prediction column only", oursPredictOnly,
        "rows/s", "select(\"prediction\").foreach");

    if (!skipMllib) {
      // 4. MLlib side by side.
      MultilayerPerceptronClassifier mllib = new MultilayerPerceptronClassifier()
          .setLayers(layers).setSeed(1).setTol(0);
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel mllibModel =
          mllib.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(mllibIterations)
              .fit(train);
      double mllibSeconds = (System.nanoTime() - t0) / 1e9;
      double mllibIterSeconds = mllibSeconds / mllibIterations;
      double mllibAccuracy = ACCURACY.evaluate(mllibModel.transform(test));
      report.add("4-mllib", "MLlib seconds per iteration", mllibIterSeconds, "s",
          mllibIterations + " l-bfgs iterations, sigmoid, blockSize 128");
      report.add("4-mllib", "MLlib rows x iterations per second", trainRows / mllibIterSeconds,
          "rows/s");
      report.add("4-mllib", "Rectifier rows x epochs / MLlib rows x iterations (target >= 1.5)",
          (trainRows / epochSeconds) / (trainRows / mllibIterSeconds), "ratio");
      report.add("4-mllib", "MLlib test accuracy after " + mllibIterations + " iterations",
          mllibAccuracy, "", String.format(Locale.ROOT, "%.1f s", mllibSeconds));
      // Time to MLlib's accuracy: the fewest epochs that reach it.
      double reachSeconds = Double.NaN;
      int reachEpochs = -1;
      for (int n = 1; n <= 20; n++) {
        long r0 = System.nanoTime();
        MLPClassificationModel m = ours.copy(new org.apache.spark.ml.param.ParamMap())
            .setMaxIter(n).fit(train);
        double secs = (System.nanoTime() - r0) / 1e9;
        if (ACCURACY.evaluate(m.transform(test)) >= mllibAccuracy) {
          reachSeconds = secs;
          reachEpochs = n;
          break;
        }
      }
      report.add("4-mllib", "Rectifier seconds to MLlib's accuracy", reachSeconds, "s",
          reachEpochs + " epochs");
      report.add("4-mllib", "that time / MLlib's time (target <= 0.33)",
          reachSeconds / mllibSeconds, "ratio");
      // Same wall-clock budget.
      int mllibBudgetIters = Math.max(1, (int) (budget / mllibIterSeconds));
      double mllibBudgetAcc = ACCURACY.evaluate(mllib.copy(new org.apache.spark.ml.param.ParamMap())
          .setMaxIter(mllibBudgetIters).fit(train).transform(test));
      int oursBudgetEpochs = Math.max(1, (int) (budget / epochSeconds));
      double oursBudgetAcc = ACCURACY.evaluate(ours.copy(new org.apache.spark.ml.param.ParamMap())
          .setMaxIter(oursBudgetEpochs).fit(train).transform(test));
      report.add("4-mllib", "MLlib test accuracy in the budget", mllibBudgetAcc, "",
          mllibBudgetIters + " iterations in ~" + budget + " s");
      report.add("4-mllib", "Rectifier test accuracy in the budget", oursBudgetAcc, "",
          oursBudgetEpochs + " epochs in ~" + budget + " s");
      double mllibPredict = rowsPerSecond(mllibModel, predictRows, false);
      double mllibPredictOnly = rowsPerSecond(mllibModel, predictRows, true);
      report.add("5-predict", "MLlib transform, all output columns", mllibPredict, "rows/s");
      report.add("5-predict", "MLlib transform, prediction column only", mllibPredictOnly,
          "rows/s", "select(\"prediction\").foreach");
      report.add("5-predict", "Rectifier / MLlib transform (target >= 5)",
          oursPredict / mllibPredict, "ratio", "all output columns");
      report.add("5-predict", "Rectifier / MLlib, prediction column only",
          oursPredictOnly / mllibPredictOnly, "ratio");
    }
    // Before the PyTorch export, which streams the training rows through the driver.
    report.add("6-memory", "driver heap peak", heapPeakBytes() / 1e6, "MB");

    if (!skipTorch) {
      // 7. PyTorch on the same rows, network, batch, Adam constants and epochs.
      String missing = TorchPeer.unavailableNote();
      if (missing != null) {
        System.out.println(missing);
      } else {
        try {
          TorchPeer.Result torch = TorchPeer.run(train, trainRows, test, testRows, layers[0],
              epochs, BATCH, 1);
          TorchPeer.addFigures(report, torch, epochs, trainRows / epochSeconds, fitSeconds,
              history.get(history.size() - 1).loss, oursAccuracy);
        } catch (java.io.IOException e) {
          // The figures so far stay valid: report the failure instead of losing the table.
          System.out.println("PyTorch: failed, " + e.getMessage());
        }
      }
    }
    spark.stop();
    if (!skipCluster) {
      // 8. The cluster path: its own JVM, since local-cluster needs a SparkContext of its own.
      ClusterBenchmark.main(clusterArgs.toArray(new String[0]));
    }
    report.printTable();
  }

  /**
   * 3b. The same fit in local mode with the tasks running the cluster's sharded all-reduce over
   * loopback instead of sharing the driver's arrays: what the in-JVM path saves.
   */
  private static void networkCollectiveInLocalMode(Report report, SparkSession spark,
      MLPClassifier ours, Dataset<Row> train, int epochs, double stepMs, double overheadMs) {
    spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, "network");
    MLPClassificationModel m;
    try {
      m = ours.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(epochs).fit(train);
    } finally {
      spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, null);
    }
    List<TrainingHistory.Epoch> later = new ArrayList<>(m.summary().epochs()
        .subList(Math.min(1, epochs - 1), epochs));
    later.sort(java.util.Comparator.comparingDouble(e -> e.seconds));
    TrainingHistory.Epoch median = later.get(later.size() / 2);
    double netStep = 1000 * median.seconds / median.steps;
    double netOverhead = 1000 * (median.seconds - median.computeSeconds) / median.steps;
    report.add("3b-loopback", "step time, sharded all-reduce over loopback", netStep, "ms",
        String.format(Locale.ROOT, "in-JVM path: %.3f ms", stepMs));
    report.add("3b-loopback", "time per step outside the kernels", netOverhead, "ms",
        String.format(Locale.ROOT, "in-JVM path: %.3f ms", overheadMs));
    report.add("3b-loopback", "in-JVM path rows/s / loopback all-reduce rows/s",
        netStep / stepMs, "ratio", "why local mode keeps its shared arrays");
  }

  /**
   * Rows per second of {@code model.transform(rows)} (of {@code rows} alone when model is null),
   * best of 3 after a warm-up (the same for both models; this machine's noise only slows runs). All output columns go to Spark's "noop" sink (what Spark's own
   * benchmarks use: the plan runs in full, nothing is collected); {@code predictionOnly} instead
   * selects the prediction column and runs a {@code foreach}, which lets MLlib prune its
   * rawPrediction/probability UDFs.
   */
  private static double rowsPerSecond(org.apache.spark.ml.Transformer model, Dataset<Row> rows,
      boolean predictionOnly) {
    long n = rows.count();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      long t0 = System.nanoTime();
      Dataset<Row> out = model == null ? rows : model.transform(rows);
      if (predictionOnly) {
        out.select("prediction").foreach(r -> { });
      } else {
        out.write().format("noop").mode("overwrite").save();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (i > 0) {
        best = Math.min(best, seconds);
      }
    }
    return n / best;
  }

  private static void resetHeapPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long heapPeakBytes() {
    long sum = 0;
    List<String> names = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
        names.add(pool.getName());
      }
    }
    return sum;
  }
}
