package org.rectifier.train.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.cluster.ExecutorProcess;
import org.rectifier.testing.cluster.StandaloneCluster;
import org.rectifier.train.TrainingFailedException;

/**
 * On a real standalone cluster, an executor JVM SIGKILLed in the middle of an epoch of barrier
 * training (the worker starts a replacement) costs the fit a retry of that job, not the fit:
 * the weights equal an uninterrupted fit's, bit for bit. More failures than {@code maxFailures}
 * allows fail the fit with the cause.
 */
class ExecutorLossIT {

  @TempDir
  static Path dir;
  private static StandaloneCluster cluster;
  private static SparkSession spark;
  private static Dataset<Row> data;
  private static double[] uninterrupted;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    cluster = StandaloneCluster.builder(dir).workers(2).coresPerWorker(1).workerMemoryMb(1024)
        .executorMemoryMb(768).start();
    spark = ClusterFits.session(cluster.driverConf().setAppName("executor-loss"), 2);
    // Epochs of a second or more, so that a kill 100 ms after the tasks start lands inside.
    data = ClusterFits.data(spark, 8000, 2);
    uninterrupted = ClusterFits.fit(estimator(), data).weights().toArray();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static MLPClassifier estimator() {
    return ClusterFits.estimator("barrier").setBatchSize(8).setMaxIter(3);
  }

  /**
   * SIGKILLs, in the barrier job of each given epoch, the executor JVM that runs the job's first
   * task, 100 ms after all the job's tasks started: a kill timed from the job's start could land
   * before its tasks launch or after a fast epoch ended, and then test nothing.
   */
  private static final class ExecutorKiller extends SparkListener {
    private final int[] epochs;
    private final AtomicInteger triggered = new AtomicInteger();
    private final AtomicInteger killed = new AtomicInteger();
    /** The stages of the job whose tasks are to be watched, and the executors they run on. */
    private final java.util.Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.List<String> executors =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    ExecutorKiller(int... epochs) {
      this.epochs = epochs;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String d = job.properties() == null ? null
          : job.properties().getProperty("spark.job.description");
      int next = triggered.get();
      if (d == null || next >= epochs.length || !d.contains("(barrier)")
          || !d.contains("epoch " + epochs[next] + "/")) {
        return;
      }
      triggered.incrementAndGet();
      executors.clear();
      stages.clear();
      for (Object stage : scala.collection.JavaConverters.seqAsJavaList(job.stageIds())) {
        stages.add((Integer) stage);
      }
    }

    @Override
    public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart task) {
      if (!stages.contains(task.stageId())) {
        return;
      }
      executors.add(task.taskInfo().executorId());
      if (executors.size() < data.rdd().getNumPartitions()) {
        return;
      }
      stages.clear();
      String target = executors.get(0);
      new Thread(() -> {
        try {
          Thread.sleep(100);
          ExecutorProcess victim = cluster.executors().stream()
              .filter(e -> e.executorId().equals(target)).findFirst().orElseThrow();
          cluster.killExecutor(victim.pid());
          killed.incrementAndGet();
        } catch (InterruptedException ignored) {
          // The test ends.
        }
      }, "executor-killer").start();
    }
  }

  private static MLPClassificationModel fitKilling(MLPClassifier est, int... epochs)
      throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    ExecutorKiller killer = new ExecutorKiller(epochs);
    spark.sparkContext().addSparkListener(killer);
    try {
      MLPClassificationModel m = ClusterFits.fit(est, data);
      assertEquals(epochs.length, killer.killed.get(), "executors killed");
      return m;
    } finally {
      spark.sparkContext().removeSparkListener(killer);
      // The next test starts with both executors up.
      ClusterFits.session(cluster.driverConf(), 2);
    }
  }

  @Test
  void anExecutorKilledMidEpochCostsARetryNotTheFit() throws Exception {
    MLPClassificationModel m = fitKilling(estimator(), 2);
    assertEquals(1, m.summary().recoveredFailures());
    assertArrayEquals(uninterrupted, m.weights().toArray());
  }

  @Test
  void twoKillsInDifferentEpochsStillGiveTheSameBits() throws Exception {
    MLPClassificationModel m = fitKilling(estimator(), 2, 3);
    assertEquals(2, m.summary().recoveredFailures());
    assertArrayEquals(uninterrupted, m.weights().toArray());
  }

  @Test
  void moreKillsThanAllowedFailTheFitWithTheCause() {
    MLPClassifier est = estimator().copy(new ParamMap()).setMaxFailures(1);
    TrainingFailedException e = assertThrows(TrainingFailedException.class,
        () -> fitKilling(est, 2));
    String m = e.getMessage();
    assertTrue(m.contains("training failed 1 time (maxFailures=1)"), m);
    assertTrue(m.contains("epoch 2/3"), m);
    assertTrue(m.contains("exited") || m.contains("ExecutorLost") || m.contains("lost"), m);
  }
}
