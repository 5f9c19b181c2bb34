package org.rectifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.RangeBlobs;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.train.loop.BarrierRunner;

/**
 * A failed training job is not the end of a fit: the fit goes back to the state at the job's
 * start and runs it again, and since training is deterministic the weights are those of a fit
 * that never failed. Failures here are tasks killed through Spark's own API in the middle of an
 * epoch (a cluster test does it to executor JVMs with SIGKILL).
 */
class RecoveryTest {

  private static SparkSession spark;
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    data = RangeBlobs.create(spark, 20000, 2, 6, 3, 5).cache();
    data.count();
  }

  private static MLPClassifier estimator() {
    // Epochs of a few seconds: long enough to kill a task in the middle of one.
    return new MLPClassifier().setHiddenLayers(new int[] {128, 128}).setActivation("prelu")
        .setBatchSize(8).setMaxIter(3).setSeed(3).setValidationFraction(0.1).setRegParam(1e-3);
  }

  /** Kills one running training task of each of the given epochs and counts the kills. */
  private static final class Killer extends SparkListener {
    private final SparkContext sc;
    private final int[] epochs;
    private final AtomicInteger done = new AtomicInteger();
    private volatile String armed;

    Killer(SparkContext sc, int... epochs) {
      this.sc = sc;
      this.epochs = epochs;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String d = job.properties() == null ? null
          : job.properties().getProperty("spark.job.description");
      int next = done.get();
      if (d != null && next < epochs.length && d.contains("epoch " + epochs[next] + "/")
          && d.contains("(barrier)")) {
        armed = d;
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart task) {
      if (armed == null) {
        return;
      }
      armed = null;
      // At once: the listener bus may run late, and an epoch here can be shorter than a second.
      if (sc.killTaskAttempt(task.taskInfo().taskId(), true,
          "test: a training task killed mid-epoch")) {
        done.incrementAndGet();
      }
    }
  }

  private static MLPClassificationModel fitKilling(MLPClassifier est, int... epochs) {
    SparkContext sc = spark.sparkContext();
    // Events of earlier fits must not arm the killer.
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
    Killer killer = new Killer(sc, epochs);
    sc.addSparkListener(killer);
    try {
      MLPClassificationModel m = est.fit(data);
      assertEquals(epochs.length, killer.done.get(), "tasks killed");
      return m;
    } finally {
      sc.removeSparkListener(killer);
    }
  }

  @Test
  void killedTasksInTwoEpochsAreRecoveredToTheBitsOfAnUninterruptedFit() {
    MLPClassificationModel clean = estimator().fit(data);
    MLPClassificationModel recovered = fitKilling(estimator().copy(new ParamMap()), 2, 3);
    assertEquals(2, recovered.summary().recoveredFailures());
    assertArrayEquals(clean.weights().toArray(), recovered.weights().toArray());
    assertArrayEquals(clean.summary().lossHistory(), recovered.summary().lossHistory());
    assertArrayEquals(clean.summary().validationLossHistory(),
        recovered.summary().validationLossHistory());
    assertArrayEquals(clean.summary().sparsityHistory()[1],
        recovered.summary().sparsityHistory()[1]);
  }

  @Test
  void theNetworkCollectiveRecoversToo() {
    spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, "network");
    try {
      MLPClassificationModel clean = estimator().fit(data);
      MLPClassificationModel recovered = fitKilling(estimator().copy(new ParamMap()), 2);
      assertEquals(1, recovered.summary().recoveredFailures());
      assertArrayEquals(clean.weights().toArray(), recovered.weights().toArray());
    } finally {
      spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, null);
    }
  }

  @Test
  void moreFailuresThanAllowedFailTheFitWithTheCauseAndHowFarItGot() {
    MLPClassifier est = estimator().setMaxFailures(2);
    TrainingFailedException e = assertThrows(TrainingFailedException.class,
        () -> fitKilling(est, 2, 3));
    String m = e.getMessage();
    assertTrue(m.contains("training failed 2 times (maxFailures=2)"), m);
    assertTrue(m.contains("epoch 3/3"), m);
    assertTrue(m.contains("test: a training task killed mid-epoch"), m);
    assertTrue(e.getCause() != null);
  }


}
