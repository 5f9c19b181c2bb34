package org.rectifier.train.loop;

import org.rectifier.nn.LayerActivity;
import org.rectifier.train.step.EpochTotals;
import org.rectifier.train.step.StepTraffic;

/** An epoch's result: its sums, where its time went, and what it moved over the network. */
public final class EpochOutcome {

  /** Sum over steps of weight * mean step loss. */
  public final double lossWeighted;
  /** Total row weight seen. */
  public final double weightTotal;
  /** Total weight of rows predicted right. */
  public final double correctTotal;
  /** Steps run. */
  public final int steps;
  /** Sum over steps of the slowest task's time gathering rows and in forward/backward. */
  public final long computeNanos;
  /** Hidden-layer sparsity and live units over the epoch (null if unknown). */
  public final LayerActivity activity;
  /** Per dense layer, the mean over steps of the mean weight gradient's L2 norm. */
  public final double[] gradientNorm;
  /** Validation {loss sum, weight sum, correct sum}, or null without a holdout. */
  public final double[] validation;
  /** Network traffic per step. */
  public final StepTraffic traffic;
  /** Steps whose gradient was scaled down to clipNorm. */
  public final int clippedSteps;

  EpochOutcome(EpochTotals totals, int steps, double[] validation, StepTraffic traffic) {
    this.lossWeighted = totals.lossWeighted();
    this.weightTotal = totals.weight();
    this.correctTotal = totals.correct();
    this.steps = steps;
    this.computeNanos = totals.computeNanos();
    this.activity = totals.activity();
    this.validation = validation;
    this.traffic = traffic;
    this.clippedSteps = totals.clippedSteps();
    double[] norms = totals.gradientNormSums();
    for (int l = 0; l < norms.length; l++) {
      norms[l] /= Math.max(1, steps);
    }
    this.gradientNorm = norms;
  }
}
