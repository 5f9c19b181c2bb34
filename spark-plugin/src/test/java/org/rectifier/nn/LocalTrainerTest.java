package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.optim.Optimizer;
import org.rectifier.nn.optim.Sgd;

/**
 * Proves the mechanics of {@link LocalTrainer}: a full-batch step is exactly the optimizer step on
 * the weighted mean gradient; fits are reproducible bit for bit and depend on the seed of the
 * epoch order; row weights enter as weights (doubling them all changes nothing); L2 shrinks the
 * weights; early stopping ends a plateaued fit after 1 + {@value Convergence#PATIENCE} epochs and
 * tol 0 runs every epoch; the history numbers epochs from 1 and reports accuracy.
 */
class LocalTrainerTest {

  private static final int ROWS = 40;

  private final Random random = new Random(12);
  private final float[] x = TestSupport.gaussian(random, ROWS * 3, 1.0);
  private final float[] y = TestSupport.classLabels(random, ROWS, 3);
  private final float[] rowWeights = TestSupport.uniform(random, ROWS, 0.5, 2.0);

  private static Topology net() {
    return Topology.classifier(new int[] {3, 6, 3}, Activations.create("elu", Double.NaN));
  }

  @Test
  void aFullBatchStepIsTheOptimizerStepOnTheWeightedMeanGradient() {
    Topology t = net();
    double[] w = t.initialWeights(1);
    double[] expected = w.clone();
    float[] grad = new float[w.length];
    BatchStats stats = new Network(t, ROWS).gradient(Convert.toFloat(w), x, y, rowWeights, ROWS,
        grad);
    double weightSum = 0;
    for (float rw : rowWeights) {
      weightSum += rw;
    }
    assertEquals(weightSum, stats.weightSum, 0.0);
    for (int i = 0; i < w.length; i++) {
      expected[i] -= 0.1 * ((double) grad[i] / weightSum);
    }
    TrainingHistory h = new LocalTrainer(t, new Sgd(0.1, 0, false, w.length), 0, ROWS, 5)
        .fit(w, x, y, rowWeights, ROWS, 1, 0);
    assertArrayEquals(expected, w, 1e-15);
    assertEquals(stats.lossSum / weightSum, h.losses()[0], 1e-12);
    assertEquals(stats.correctSum / weightSum, h.accuracies()[0], 1e-12);
  }

  @Test
  void fitsAreReproducibleAndDependOnTheOrderSeed() {
    double[] a = fit(7, 7, null, 0, 10);
    double[] b = fit(7, 7, null, 0, 10);
    assertArrayEquals(a, b, 0.0);
    double[] otherOrder = fit(7, 8, null, 0, 10);
    assertFalse(Arrays.equals(a, otherOrder), "the epoch order seed must matter");
  }

  @Test
  void rowWeightsAreWeightsNotCounts() {
    // The step uses sum(w g) / sum(w): doubling every weight is exact in float and changes
    // nothing; other weights do change the fit.
    float[] doubled = rowWeights.clone();
    float[] ones = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      doubled[r] *= 2f;
      ones[r] = 1f;
    }
    assertArrayEquals(fit(3, 3, rowWeights, 0, 5), fit(3, 3, doubled, 0, 5), 0.0);
    assertArrayEquals(fit(3, 3, null, 0, 5), fit(3, 3, ones, 0, 5), 0.0);
    assertFalse(Arrays.equals(fit(3, 3, null, 0, 5), fit(3, 3, rowWeights, 0, 5)));
  }

  @Test
  void l2ShrinksTheWeights() {
    Topology t = net();
    double plain = weightNorm(t, fit(4, 4, null, 0, 30));
    double shrunk = weightNorm(t, fit(4, 4, null, 0.1, 30));
    assertTrue(shrunk < 0.9 * plain, "norm with L2 " + shrunk + " vs without " + plain);
  }

  @Test
  void earlyStoppingAndItsAbsence() {
    Topology t = net();
    // With a huge tol no epoch after the first counts as an improvement: 1 + 5 epochs.
    TrainingHistory stopped = new LocalTrainer(t,
        Optimizer.create("adam", 0.01, 0, t.numParams()), 0, 8, 1)
        .fit(t.initialWeights(1), x, y, null, ROWS, 100, 1e6);
    assertEquals(1 + Convergence.PATIENCE, stopped.epochs().size());
    TrainingHistory all = new LocalTrainer(t,
        Optimizer.create("adam", 0.01, 0, t.numParams()), 0, 8, 1)
        .fit(t.initialWeights(1), x, y, null, ROWS, 25, 0);
    assertEquals(25, all.epochs().size());
    for (int e = 0; e < 25; e++) {
      TrainingHistory.Epoch epoch = all.epochs().get(e);
      assertEquals(e + 1, epoch.epoch);
      assertTrue(epoch.accuracy >= 0 && epoch.accuracy <= 1);
      assertTrue(epoch.seconds >= 0 && epoch.rowsPerSecond > 0);
    }
    // 5 steps per epoch of 8 rows: 25 epochs are 125 optimizer steps.
    Optimizer opt = Optimizer.create("adam", 0.01, 0, t.numParams());
    new LocalTrainer(t, opt, 0, 8, 1).fit(t.initialWeights(1), x, y, null, ROWS, 25, 0);
    assertEquals(125, opt.iterations());
  }

  private double[] fit(long initSeed, long orderSeed, float[] weights, double reg, int epochs) {
    Topology t = net();
    double[] w = t.initialWeights(initSeed);
    new LocalTrainer(t, new Sgd(0.05, 0.5, false, w.length), reg, 8, orderSeed)
        .fit(w, x, y, weights, ROWS, epochs, 0);
    return w;
  }

  private static double weightNorm(Topology t, double[] w) {
    double s = 0;
    for (int l = 0; l < t.numLayers(); l++) {
      for (int i = t.weightOffset(l); i < t.biasOffset(l); i++) {
        s += w[i] * w[i];
      }
    }
    return Math.sqrt(s);
  }
}
