package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.nn.optim.StepSizeSchedule;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;
import org.rectifier.train.loop.BarrierRunner;

/**
 * The training controls in a real fit: every control stays deterministic across partitionings
 * and execution modes; the summary records step sizes, clipped steps, the best and kept epochs
 * and why the fit stopped; early stopping returns the best epoch's weights; a resumed fit with
 * early stopping ends where an uninterrupted one does.
 */
class TrainingControlsTest {

  private static SparkSession spark;
  /** Blobs with an "id" (the row order) and a boolean "val" marking every fifth row. */
  private static Dataset<Row> data;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    data = TestData.blobs(spark, 60, 3, 5, 1.5, 3)
        .withColumn("id", functions.monotonically_increasing_id())
        .withColumn("val", functions.expr("id % 5 = 0"))
        .cache();
  }

  /** The same rows in the same order in {@code n} partitions. */
  private static Dataset<Row> partitions(int n) {
    return n == 1 ? data.orderBy("id").coalesce(1)
        : data.repartitionByRange(n, functions.col("id")).sortWithinPartitions("id");
  }

  /** Every control on: dropout, a schedule with warm-up, clipping, AdamW, class weights. */
  private static MLPClassifier everythingOn(String schedule) {
    return new MLPClassifier().setHiddenLayers(new int[] {16, 12}).setActivation("prelu")
        .setBatchSize(16).setMaxIter(4).setSeed(21).setStepSize(0.02)
        .setDropout(0.3).setInputDropout(0.1)
        .setStepSizeSchedule(schedule).setDecayRate(0.7).setDecayEpochs(2).setDecayPatience(1)
        .setMinStepSize(0.001).setWarmupEpochs(1)
        .setClipNorm(0.5).setSolver("adamw").setWeightDecay(0.05)
        .setRegParam(0.01).setElasticNetParam(0.5)
        .setClassBalance("balanced").setValidationIndicatorCol("val")
        .setEarlyStoppingPatience(2);
  }

  @Test
  void everyScheduleWithDropoutTrainsAlikeOnOneTwoAndThreePartitions() {
    for (String schedule : StepSizeSchedule.NAMES) {
      MLPClassifier est = everythingOn(schedule).setExecutionMode("jobPerStep");
      double[] one = est.fit(partitions(1)).weights().toArray();
      for (int n : new int[] {2, 3}) {
        double[] other = est.copy(new ParamMap()).fit(partitions(n)).weights().toArray();
        // The partial gradients of other partitionings sum in another order: float rounding,
        // far below what a mask keyed by partition or task (not by global row) would change.
        double worst = 0;
        for (int i = 0; i < one.length; i++) {
          worst = Math.max(worst, Math.abs(one[i] - other[i]));
        }
        System.out.printf("%s schedule with dropout, 1 vs %d partitions: largest weight"
            + " difference %.2e%n", schedule, n, worst);
        for (int i = 0; i < one.length; i++) {
          assertEquals(one[i], other[i], 1e-6, schedule + ", " + n + " partitions, parameter "
              + i);
        }
      }
      double[] noDropout = est.copy(new ParamMap()).setDropout(0).setInputDropout(0)
          .fit(partitions(1)).weights().toArray();
      double diff = 0;
      for (int i = 0; i < one.length; i++) {
        diff = Math.max(diff, Math.abs(one[i] - noDropout[i]));
      }
      System.out.printf("%s schedule: dropout moved the weights by up to %.2e%n", schedule,
          diff);
      assertTrue(diff > 1e-2, schedule + ": dropout changed the weights by only " + diff);
    }
  }

  @Test
  void everyControlComputesTheSameBitsInEveryExecutionMode() {
    Dataset<Row> two = partitions(2).cache();
    for (String schedule : List.of("cosine", "plateau")) {
      MLPClassifier est = everythingOn(schedule);
      MLPClassificationModel perStep = est.copy(new ParamMap()).setExecutionMode("jobPerStep")
          .fit(two);
      MLPClassificationModel barrier = est.copy(new ParamMap()).setExecutionMode("barrier")
          .fit(two);
      MLPClassificationModel network;
      spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, "network");
      try {
        network = est.copy(new ParamMap()).setExecutionMode("barrier").fit(two);
      } finally {
        spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, null);
      }
      for (MLPClassificationModel m : List.of(barrier, network)) {
        assertArrayEquals(perStep.weights().toArray(), m.weights().toArray(), schedule);
        assertArrayEquals(perStep.summary().lossHistory(), m.summary().lossHistory());
        assertArrayEquals(perStep.summary().validationLossHistory(),
            m.summary().validationLossHistory());
        assertArrayEquals(perStep.summary().stepSizeHistory(), m.summary().stepSizeHistory());
        assertArrayEquals(perStep.summary().clippedStepsHistory(),
            m.summary().clippedStepsHistory());
        assertEquals(perStep.summary().keptEpoch(), m.summary().keptEpoch());
      }
      int[] clipped = perStep.summary().clippedStepsHistory();
      assertTrue(java.util.Arrays.stream(clipped).sum() > 0,
          "clipNorm 0.5 should clip some steps: " + java.util.Arrays.toString(clipped));
    }
  }

  @Test
  void theSummaryRecordsEachEpochsStepSize() {
    MLPClassificationModel m = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setBatchSize(32).setMaxIter(5).setSeed(2).setStepSize(0.04)
        .setStepSizeSchedule("step").setDecayRate(0.5).setDecayEpochs(2).setWarmupEpochs(2)
        .fit(data);
    assertArrayEquals(new double[] {0.02, 0.04, 0.02, 0.02, 0.01},
        m.summary().stepSizeHistory(), 1e-15);
    assertEquals("maxIter", m.summary().stopReason());
    assertEquals(5, m.summary().keptEpoch());
    assertEquals(0, m.summary().bestEpoch());
  }

  /**
   * A fit that overfits small data: early stopping on the validation rows a column marks stops
   * {@code patience} epochs after the best one and returns that epoch's weights, whose
   * validation loss (recomputed here from the model's predictions) is the history's minimum.
   */
  @Test
  void earlyStoppingReturnsTheBestValidationEpochsWeights() {
    Dataset<Row> small = TestData.blobs(spark, 12, 3, 5, 0.6, 9)
        .withColumn("id", functions.monotonically_increasing_id())
        .withColumn("val", functions.expr("id % 3 = 0")).coalesce(1).cache();
    MLPClassificationModel m = new MLPClassifier().setHiddenLayers(new int[] {64, 64})
        .setBatchSize(8).setMaxIter(200).setSeed(4).setStepSize(0.01).setTol(0)
        .setValidationIndicatorCol("val").setEarlyStoppingPatience(4).fit(small);
    MLPTrainingSummary s = m.summary();
    double[] validation = s.validationLossHistory();
    int best = 0;
    for (int e = 1; e < validation.length; e++) {
      best = validation[e] < validation[best] ? e : best;
    }
    assertEquals("patience", s.stopReason());
    assertEquals(best + 1, s.bestEpoch());
    assertEquals(best + 1, s.keptEpoch());
    assertEquals(best + 1 + 4, s.totalIterations());
    assertTrue(s.totalIterations() < 200);
    // The returned weights are those of the best epoch: their validation loss is its entry.
    double loss = meanLogLoss(m.transform(small.filter("val")));
    assertEquals(validation[best], loss, 1e-5);
    // restoreBestWeights=false returns the last epoch's weights instead.
    MLPClassificationModel last = new MLPClassifier().setHiddenLayers(new int[] {64, 64})
        .setBatchSize(8).setMaxIter(200).setSeed(4).setStepSize(0.01).setTol(0)
        .setValidationIndicatorCol("val").setEarlyStoppingPatience(4)
        .setRestoreBestWeights(false).fit(small);
    assertEquals(s.totalIterations(), last.summary().keptEpoch());
    assertEquals(validation[validation.length - 1],
        meanLogLoss(last.transform(small.filter("val"))), 1e-5);
  }

  private static double meanLogLoss(Dataset<Row> predictions) {
    double sum = 0;
    List<Row> rows = predictions.select("probability", "label").collectAsList();
    for (Row r : rows) {
      org.apache.spark.ml.linalg.Vector p = r.getAs(0);
      sum -= Math.log(p.apply((int) r.getDouble(1)));
    }
    return sum / rows.size();
  }

  /**
   * A fit with early stopping that resumes from a checkpoint (a shorter fit's, as after a lost
   * driver) stops at the same epoch with the same kept weights: the best weights are in the
   * checkpoint, the rest is replayed from the history.
   */
  @Test
  void aResumedFitStopsAndKeepsLikeAnUninterruptedOne() {
    Dataset<Row> small = TestData.blobs(spark, 12, 3, 5, 0.6, 9)
        .withColumn("id", functions.monotonically_increasing_id())
        .withColumn("val", functions.expr("id % 3 = 0")).coalesce(1).cache();
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {32})
        .setBatchSize(8).setMaxIter(200).setSeed(4).setStepSize(0.02).setTol(0)
        .setValidationIndicatorCol("val").setEarlyStoppingPatience(3)
        .setStepSizeSchedule("plateau").setDecayPatience(1).setDropout(0.2);
    MLPClassificationModel straight = est.copy(new ParamMap()).fit(small);
    int stop = straight.summary().totalIterations();
    int best = straight.summary().bestEpoch();
    assertTrue(best < stop, "the straight fit must have stopped after its best epoch");
    String checkpoints = dir.resolve("ckpt").toString();
    // The interrupted fit got past the best epoch, so its last checkpoint must hold the best
    // weights besides its own.
    est.copy(new ParamMap()).setMaxIter(best + 1).setCheckpointDir(checkpoints).fit(small);
    MLPClassificationModel resumed = est.copy(new ParamMap()).setCheckpointDir(checkpoints)
        .fit(small);
    assertTrue(resumed.summary().resumed());
    assertEquals(best + 1, resumed.summary().resumedFromEpoch());
    assertEquals(stop, resumed.summary().totalIterations());
    assertEquals(best, resumed.summary().keptEpoch());
    assertEquals("patience", resumed.summary().stopReason());
    assertArrayEquals(straight.weights().toArray(), resumed.weights().toArray());
    assertArrayEquals(straight.summary().stepSizeHistory(), resumed.summary().stepSizeHistory());
  }
}
