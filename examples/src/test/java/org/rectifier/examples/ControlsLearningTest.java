package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training controls do what they are for, on the embedded UCI digits: dropout narrows the
 * gap between validation and training loss of a net that overfits 287 training rows; early
 * stopping returns the weights of the best validation epoch; class weights raise the recall of
 * a class cut to 8 training rows. (Figures on this machine: {@link ControlsOnDigits}.)
 */
class ControlsLearningTest {

  private static SparkSession spark;
  private static Dataset<Row> small;
  private static Dataset<Row>[] split;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("controls-test");
    split = Examples.digitsSplit(spark);
    small = ControlsOnDigits.smallTrainingSet(split[0]);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void dropoutNarrowsTheGapBetweenValidationAndTrainingLoss() {
    ControlsOnDigits.Run none = ControlsOnDigits.fit("none", ControlsOnDigits.baseline(60),
        small, split[1]);
    ControlsOnDigits.Run dropout = ControlsOnDigits.fit("dropout",
        ControlsOnDigits.baseline(60).setDropout(0.5), small, split[1]);
    String figures = String.format("gap %.4f -> %.4f, validation loss %.4f -> %.4f",
        none.gap(), dropout.gap(), none.validationLoss, dropout.validationLoss);
    System.out.println("dropout 0.5 on 287 digits: " + figures);
    assertTrue(none.gap() > 0.1, "the baseline must overfit: " + figures);
    assertTrue(dropout.gap() < 0.95 * none.gap(), figures);
    assertTrue(dropout.validationLoss < none.validationLoss, figures);
  }

  @Test
  void earlyStoppingReturnsTheBestValidationEpochsWeights() {
    ControlsOnDigits.Run run = ControlsOnDigits.fit("early",
        ControlsOnDigits.baseline(60).setEarlyStoppingPatience(5), small, split[1]);
    double[] history = run.summary.validationLossHistory();
    int best = 0;
    for (int e = 1; e < history.length; e++) {
      best = history[e] < history[best] ? e : best;
    }
    assertEquals("patience", run.summary.stopReason());
    assertEquals(best + 1, run.summary.bestEpoch());
    assertEquals(best + 1, run.summary.keptEpoch());
    assertEquals(best + 1 + 5, run.summary.totalIterations());
    // The model's own validation loss, recomputed from its predictions, is the best epoch's.
    assertEquals(history[best], run.validationLoss, 1e-5);
    assertTrue(history[history.length - 1] > history[best]);
  }

  @Test
  void classWeightsRaiseTheRecallOfAMinorityClass() {
    Map<String, double[]> runs = ControlsOnDigits.imbalance(split[0], split[1], 3, 8, 15);
    System.out.println(ControlsOnDigits.imbalanceTable(runs, 3, 8));
    double none = runs.get("none")[0];
    double balanced = runs.get("classBalance balanced")[0];
    double tenfold = runs.get("classWeights (10 for the minority)")[0];
    assertTrue(balanced > none + 0.1, "recall of class 3: " + none + " -> " + balanced);
    assertTrue(tenfold > none + 0.1, "recall of class 3: " + none + " -> " + tenfold);
  }
}
