package org.rectifier.train.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.RangeBlobs;

/** What the cluster tests share: their data, their estimator and how to watch a fit. */
final class ClusterFits {

  private ClusterFits() {}

  /** 3 classes in 8 dimensions, {@code rows} rows in {@code partitions} partitions. */
  static Dataset<Row> data(SparkSession spark, int rows, int partitions) {
    return RangeBlobs.create(spark, rows, partitions, 8, 3, 11).cache();
  }

  /**
   * A 8-64-64-3 prelu net (5,059 parameters: three 2,048-parameter chunks, so shards split a
   * layer) with L2 and a validation split: every quantity the modes must agree on.
   */
  static MLPClassifier estimator(String mode) {
    return new MLPClassifier().setHiddenLayers(new int[] {64, 64}).setActivation("prelu")
        .setBatchSize(32).setMaxIter(3).setSeed(12).setRegParam(0.01)
        .setValidationFraction(0.2).setExecutionMode(mode);
  }

  static MLPClassificationModel fit(MLPClassifier est, Dataset<Row> data) {
    return est.copy(new ParamMap()).fit(data);
  }

  /** A session of {@code conf}, waiting until {@code executors} executors registered. */
  static SparkSession session(SparkConf conf, int executors) throws InterruptedException {
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    long deadline = System.currentTimeMillis() + 120_000;
    while (runningExecutors(spark.sparkContext()) < executors) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("executors did not register in 120 s");
      }
      Thread.sleep(100);
    }
    return spark;
  }

  static int runningExecutors(SparkContext sc) {
    return sc.statusTracker().getExecutorInfos().length - 1;
  }

  /** Tasks running on all executors now. */
  static int runningTasks(SparkContext sc) {
    int n = 0;
    for (SparkExecutorInfo e : sc.statusTracker().getExecutorInfos()) {
      n += e.numRunningTasks();
    }
    return n;
  }

  /** Completes when the first job whose description contains {@code text} starts. */
  static CompletableFuture<Void> jobStarted(SparkContext sc, String text) {
    CompletableFuture<Void> started = new CompletableFuture<>();
    sc.addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        String d = job.properties() == null ? null
            : job.properties().getProperty("spark.job.description");
        if (d != null && d.contains(text)) {
          started.complete(null);
        }
      }
    });
    return started;
  }

  /** Runs {@code fit} in a thread; {@link #result} waits for it. */
  static final class Background {
    final Thread thread;
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable failure;
    volatile MLPClassificationModel model;
    volatile long endNanos;

    Background(SparkSession spark, String jobGroup, MLPClassifier est, Dataset<Row> data) {
      thread = new Thread(() -> {
        spark.sparkContext().setJobGroup(jobGroup, "training", true);
        try {
          model = fit(est, data);
        } catch (Throwable t) {
          failure = t;
        } finally {
          endNanos = System.nanoTime();
          done.countDown();
        }
      }, "fit-" + jobGroup);
      thread.start();
    }
  }
}
