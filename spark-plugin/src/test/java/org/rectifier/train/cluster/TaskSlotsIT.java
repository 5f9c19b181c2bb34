package org.rectifier.train.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.testing.cluster.StandaloneCluster;

/**
 * Barrier training counts the task slots Spark really has (cores / spark.task.cpus), where
 * Spark itself, short of slots, retries its barrier check for ten minutes.
 */
class TaskSlotsIT {

  @TempDir
  Path dir;

  /** Two 2-core executors with spark.task.cpus=2 are two slots, not four: 4 partitions train as 2. */
  @Test
  void partitionsBeyondTheRealSlotsAreMergedAndTheFitRuns() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.builder(
        Files.createDirectories(dir.resolve("two-cpu-tasks"))).workers(2).coresPerWorker(2)
        .workerMemoryMb(1024).executorMemoryMb(768).start()) {
      SparkConf conf = cluster.driverConf().setAppName("task-cpus-2").set("spark.task.cpus", "2");
      SparkSession spark = ClusterFits.session(conf, 2);
      try {
        assertEquals(4, spark.sparkContext().defaultParallelism());
        Dataset<Row> data = ClusterFits.data(spark, 600, 4);
        long t0 = System.nanoTime();
        MLPClassificationModel model = ClusterFits.fit(ClusterFits.estimator("barrier"), data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(3, model.summary().totalIterations());
        assertTrue(seconds < 120, "the fit took " + seconds + " s");
      } finally {
        spark.stop();
      }
    }
  }

  /**
   * An executor with fewer cores than spark.task.cpus has no slot: the fit fails at once and
   * says what to set, instead of Spark's ten minutes of retries and [SPARK-24819].
   */
  @Test
  void noSlotFailsAtOnceNamingWhatToSet() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.builder(
        Files.createDirectories(dir.resolve("no-slot"))).workers(1).coresPerWorker(1)
        .workerMemoryMb(1024).executorMemoryMb(768).start()) {
      SparkConf conf = cluster.driverConf().setAppName("no-slot").set("spark.task.cpus", "2");
      // Left unset, each executor takes its worker's cores (1), which Spark cannot check up front.
      conf.remove("spark.executor.cores");
      SparkSession spark = ClusterFits.session(conf, 1);
      try {
        Dataset<Row> data = ClusterFits.data(spark, 600, 2);
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ClusterFits.fit(ClusterFits.estimator("barrier"), data));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "failed after " + seconds + " s");
        String m = e.getMessage();
        assertTrue(m.contains("needs 1 task slot") && m.contains("the cluster has 0")
            && m.contains("spark.task.cpus=2") && m.contains("executionMode=jobPerStep"), m);
      } finally {
        spark.stop();
      }
    }
  }
}
