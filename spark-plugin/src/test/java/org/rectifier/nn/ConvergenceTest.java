package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Proves the early-stopping rule of {@link Convergence}: a fit stops once
 * {@value Convergence#PATIENCE} epochs in a row fail to beat the best loss so far by more than
 * {@code tol * max(1, |best|)}; the first epoch always counts as an improvement; an improvement
 * resets the count; the best loss is the minimum of all epochs, improvements too small to count
 * included; tol 0 never stops.
 */
class ConvergenceTest {

  /** The 1-based epoch at which {@code converged} first says true, or -1. */
  private static int stopEpoch(double tol, double... losses) {
    Convergence c = new Convergence(tol);
    for (int i = 0; i < losses.length; i++) {
      if (c.converged(losses[i])) {
        return i + 1;
      }
    }
    return -1;
  }

  private static double[] repeat(double v, int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Test
  void patienceIsFive() {
    assertEquals(5, Convergence.PATIENCE);
  }

  @Test
  void aPlateauFromTheFirstEpochStopsAfterFiveStaleEpochs() {
    // Epoch 1 improves on nothing; epochs 2..6 are the five stale ones.
    assertEquals(6, stopEpoch(1e-4, repeat(1.0, 20)));
    assertEquals(6, stopEpoch(1e-4, 3.0, 3.5, 4.0, 3.0, 3.2, 3.1, 0.1));
  }

  @Test
  void anImprovementResetsTheCount() {
    // Four stale epochs (2..5), an improvement at 6, then stale 7..11.
    assertEquals(11, stopEpoch(1e-3, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
  }

  @Test
  void steadyImprovementNeverStops() {
    // Each epoch beats the last by 0.4, more than tol * max(1, |best|) <= 0.1.
    double[] losses = new double[200];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = 100.0 - 0.4 * i;
    }
    assertEquals(-1, stopEpoch(1e-3, losses));
  }

  @Test
  void theThresholdIsRelativeAboveOneAndAbsoluteBelow() {
    // best 100, tol 0.01: must go below 99 (an absolute 0.01 would have taken 99.5).
    assertEquals(6, stopEpoch(0.01, 100, 99.5, 99.5, 99.5, 99.5, 99.5));
    // Then best is 99.5, so the bar is 99.5 - 0.995 = 98.505: 98.4 clears it.
    assertEquals(-1, stopEpoch(0.01, 100, 99.5, 99.5, 99.5, 99.5, 98.4));
    // best 0.5, tol 0.01: must go below 0.49 (0.01 * max(1, 0.5)), later below 0.485.
    assertEquals(6, stopEpoch(0.01, 0.5, 0.495, 0.495, 0.495, 0.495, 0.495));
    assertEquals(-1, stopEpoch(0.01, 0.5, 0.495, 0.495, 0.495, 0.495, 0.484));
  }

  @Test
  void theBestIsTheMinimumEvenOfTooSmallImprovements() {
    // 9.95 is no improvement on 10 (tol 0.01 needs < 9.9) but becomes the best, so 9.89 must
    // beat 9.95 - 0.0995 and does not: epochs 2..6 are stale. Against 10 it would have counted.
    assertEquals(6, stopEpoch(0.01, 10, 9.95, 9.89, 9.89, 9.89, 9.89, 9.89, 9.89));
  }

  @Test
  void zeroOrNegativeTolNeverStops() {
    assertEquals(-1, stopEpoch(0.0, repeat(1.0, 50)));
    assertEquals(-1, stopEpoch(-1.0, repeat(1.0, 50)));
    assertFalse(new Convergence(0).converged(Double.NaN));
  }
}
