package org.rectifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.nn.optim.Regularization;
import org.rectifier.nn.optim.StepSizeSchedule;

/**
 * Why a fit stops, and which epoch it keeps: the divergence guard, tol on the training loss,
 * early stopping's patience on validation (or training) loss or accuracy, maxIter; and a replayed
 * history decides as the live fit did.
 */
class StoppingRulesTest {

  private static TrainerConfig config(int maxIter, double tol, int patience, String metric,
      boolean restore) {
    TrainingControls controls = new TrainingControls(0, 0, StepSizeSchedule.constant(0.01),
        Regularization.NONE, 0, patience, metric, restore);
    return new TrainerConfig("adam", 0.01, 0, 32, maxIter, tol, 1, 0, "test", true, 0, null, 1,
        4, controls);
  }

  private static TrainingHistory.Epoch epoch(int n, double loss, double accuracy,
      double validationLoss, double validationAccuracy) {
    return new TrainingHistory.Epoch(n, loss, accuracy, 1, 1, 1, 1, new double[0],
        new double[0], new double[0], validationLoss, validationAccuracy, 0.01, 0);
  }

  /** Runs the rules over the epochs; returns {stop epoch, best epoch} and the reason. */
  private static Object[] run(StoppingRules rules, List<TrainingHistory.Epoch> epochs) {
    for (TrainingHistory.Epoch e : epochs) {
      String stop = rules.observe(e, new double[] {e.epoch});
      if (stop != null) {
        return new Object[] {e.epoch, rules.bestEpoch(), stop};
      }
    }
    return new Object[] {-1, rules.bestEpoch(), null};
  }

  @Test
  void patienceStopsOnTheValidationLossAndKeepsTheBestEpochsWeights() {
    double[] validation = {1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9, 0.6};
    List<TrainingHistory.Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < validation.length; i++) {
      // The training loss keeps falling: only validation shows the overfit.
      epochs.add(epoch(i + 1, 1.0 / (i + 1), 0.5, validation[i], 0.5));
    }
    StoppingRules rules = new StoppingRules(config(20, 0, 3, "loss", true), true);
    assertArrayEquals(new Object[] {6, 3, StoppingRules.PATIENCE}, run(rules, epochs));
    assertArrayEquals(new double[] {3}, rules.bestWeights(), 0.0);
    // Without restoreBestWeights the best epoch is still known, but no weights are kept.
    StoppingRules last = new StoppingRules(config(20, 0, 3, "loss", false), true);
    run(last, epochs);
    assertEquals(3, last.bestEpoch());
    assertNull(last.bestWeights());
  }

  @Test
  void accuracyImprovesUpwardsAndWithoutValidationRowsTheTrainingMetricIsWatched() {
    List<TrainingHistory.Epoch> epochs = new ArrayList<>();
    double[] accuracy = {0.5, 0.7, 0.69, 0.7, 0.65};
    for (int i = 0; i < accuracy.length; i++) {
      epochs.add(epoch(i + 1, 1.0, accuracy[i], Double.NaN, Double.NaN));
    }
    assertArrayEquals(new Object[] {4, 2, StoppingRules.PATIENCE},
        run(new StoppingRules(config(20, 0, 2, "accuracy", true), false), epochs));
  }

  @Test
  void divergenceTolAndMaxIter() {
    List<TrainingHistory.Epoch> diverging = List.of(epoch(1, 1.0, 0, 1.0, 0),
        epoch(2, Double.NaN, 0, Double.NaN, 0));
    Object[] d = run(new StoppingRules(config(20, 0, 5, "loss", true), true), diverging);
    assertArrayEquals(new Object[] {2, 1, StoppingRules.DIVERGED}, d);
    List<TrainingHistory.Epoch> flat = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      flat.add(epoch(i, 1.0, 0, Double.NaN, Double.NaN));
    }
    // tol: 5 epochs in a row that do not beat the first one.
    assertArrayEquals(new Object[] {6, 0, StoppingRules.TOL},
        run(new StoppingRules(config(20, 1e-4, 0, "loss", true), false), flat));
    assertArrayEquals(new Object[] {3, 0, StoppingRules.MAX_ITER},
        run(new StoppingRules(config(3, 0, 0, "loss", true), false), flat));
  }

  @Test
  void aReplayedHistoryDecidesAsTheLiveFit() {
    double[] validation = {1.0, 0.8, 0.9, 0.95, 0.97};
    List<TrainingHistory.Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < validation.length; i++) {
      epochs.add(epoch(i + 1, 1.0 / (i + 1), 0.5, validation[i], 0.5));
    }
    StoppingRules replayed = new StoppingRules(config(20, 0, 3, "loss", true), true);
    assertEquals(StoppingRules.PATIENCE, replayed.replay(epochs));
    assertEquals(2, replayed.bestEpoch());
    StoppingRules partial = new StoppingRules(config(20, 0, 3, "loss", true), true);
    assertNull(partial.replay(epochs.subList(0, 3)));
    assertArrayEquals(new double[] {1.0, 0.8, 0.9},
        partial.monitoredLosses(epochs.subList(0, 3)), 0.0);
  }
}
