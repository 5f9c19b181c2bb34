package org.rectifier.train.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.cluster.StandaloneCluster;

/**
 * Barrier training where Spark runs no barrier stage: under dynamic allocation (with shuffle
 * tracking, as on a cluster without an external shuffle service) the tasks of each job run as
 * an ordinary-task gang that meets at the driver, with the bits of static allocation; a gang the
 * cluster cannot form is reported within the bound and the fit goes on as jobPerStep; and
 * speculative copies of training tasks change nothing.
 */
class DynamicAllocationIT {

  @TempDir
  static Path dir;
  private static StandaloneCluster cluster;
  /** Weights of local-mode fits, by partition count: the reference for every path. */
  private static final Map<Integer, double[]> reference = new HashMap<>();

  private static MLPClassifier estimator() {
    return ClusterFits.estimator("barrier").setMaxIter(2);
  }

  @BeforeAll
  static void start() throws IOException {
    SparkSession local = SparkSession.builder().master("local[4]").appName("reference")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    try {
      for (int p : new int[] {2, 4}) {
        reference.put(p, ClusterFits.fit(estimator(), ClusterFits.data(local, 600, p))
            .weights().toArray());
      }
      // Jobs of several seconds, so that Spark's speculation threshold (1 s) is passed.
      reference.put(0, ClusterFits.fit(estimator().setBatchSize(4),
          ClusterFits.data(local, 8000, 2)).weights().toArray());
    } finally {
      local.stop();
    }
    cluster = StandaloneCluster.builder(dir).workers(2).coresPerWorker(2).workerMemoryMb(1536)
        .executorMemoryMb(640).distinctWorkerHosts().start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static SparkConf dynamic(String app) {
    return cluster.driverConf().setAppName(app)
        .set("spark.dynamicAllocation.enabled", "true")
        .set("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        .set("spark.dynamicAllocation.minExecutors", "0")
        .set("spark.dynamicAllocation.executorIdleTimeout", "60s");
  }

  private static SparkSession session(SparkConf conf) {
    return SparkSession.builder().config(conf).getOrCreate();
  }

  @Test
  void underDynamicAllocationTheGangTrainsWithTheBitsOfStaticAllocation() {
    SparkSession spark = session(dynamic("dynamic").set("spark.executor.cores", "1")
        .set("spark.dynamicAllocation.maxExecutors", "2"));
    try {
      // No executor yet: dynamic allocation starts them for the caching job and the gang.
      MLPClassificationModel m = ClusterFits.fit(estimator(), ClusterFits.data(spark, 600, 2));
      assertEquals("gang", m.summary().executionPath(), m.summary().executionPathReason());
      String reason = m.summary().executionPathReason();
      assertTrue(reason.contains("spark.dynamicAllocation.enabled")
          && reason.contains("gang(s) formed within"), reason);
      // What forming the gang cost, scale-up included, for the record.
      System.out.println("path reason: " + reason);
      assertArrayEquals(reference.get(2), m.weights().toArray());
      assertTrue(m.summary().trafficHistory().get(1).taskBytesOut > 0);
    } finally {
      spark.stop();
    }
  }

  /**
   * maxExecutors=1 of two cores is two task slots; the data's four partitions need four at once
   * (with spark.executor.cores unset the slots cannot be computed up front, so nothing is
   * merged). The gang is reported within the bound, naming the settings, and the fit goes on
   * with one job per step: the same weights.
   */
  @Test
  void aGangBeyondMaxExecutorsIsReportedAndTheFitFallsBackToJobPerStep() {
    SparkConf conf = dynamic("too-few").set("spark.dynamicAllocation.maxExecutors", "1")
        .set("spark.rectifier.collective.timeout", "8s");
    conf.remove("spark.executor.cores");
    SparkSession spark = session(conf);
    try {
      Dataset<Row> data = ClusterFits.data(spark, 600, 4);
      data.count();
      long t0 = System.nanoTime();
      MLPClassificationModel m = ClusterFits.fit(estimator(), data);
      double seconds = (System.nanoTime() - t0) / 1e9;
      String reason = m.summary().executionPathReason();
      assertEquals("jobPerStep", m.summary().executionPath(), reason);
      assertTrue(reason.contains("the training gang did not form") && reason.contains("of 4 tasks")
          && reason.contains("spark.dynamicAllocation.maxExecutors=1")
          && reason.contains("spark.executor.cores=unset") && reason.contains("spark.task.cpus=1"),
          reason);
      assertArrayEquals(reference.get(4), m.weights().toArray());
      assertTrue(seconds < 120, "the fit took " + seconds + " s");
    } finally {
      spark.stop();
    }
  }

  /**
   * Spark speculates ordinary tasks that run longer than a threshold when a stage fits in one
   * executor's slots: the gang's tasks get second copies. A copy must neither join the collective
   * nor end first; the weights are those of a run without speculation.
   */
  @Test
  void speculativeCopiesOfGangTasksChangeNothing() {
    // Two executors from the start: a copy never runs on the host of its original.
    SparkSession spark = session(dynamic("speculation").set("spark.executor.cores", "2")
        .set("spark.dynamicAllocation.minExecutors", "2")
        .set("spark.dynamicAllocation.maxExecutors", "2")
        .set("spark.speculation", "true")
        .set("spark.speculation.interval", "100ms")
        .set("spark.speculation.task.duration.threshold", "1s"));
    AtomicInteger copies = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart task) {
        if (task.taskInfo().speculative()) {
          copies.incrementAndGet();
        }
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      MLPClassificationModel m = ClusterFits.fit(estimator().setBatchSize(4),
          ClusterFits.data(spark, 8000, 2));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(copies.get() > 0, "Spark launched no speculative copy: the test proves nothing");
      assertEquals("gang", m.summary().executionPath());
      assertArrayEquals(reference.get(0), m.weights().toArray());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      spark.stop();
    }
  }
}
