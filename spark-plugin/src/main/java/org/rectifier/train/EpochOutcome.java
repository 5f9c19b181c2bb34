package org.rectifier.train;

import java.io.Serializable;

/** An epoch's result: the state after it, its sums, and where its time went. */
final class EpochOutcome implements Serializable {

  private static final long serialVersionUID = 1L;

  final TrainerState state;
  /** Sum over steps of weight * mean step loss. */
  final double lossWeighted;
  /** Total row weight seen. */
  final double weightTotal;
  /** Total weight of rows predicted right. */
  final double correctTotal;
  /** Steps run. */
  final int steps;
  /** Sum over steps of the slowest task's time gathering rows and in forward/backward. */
  final long computeNanos;

  /** Hidden-layer sparsity and live units over the epoch (null if unknown). */
  final org.rectifier.nn.LayerActivity activity;
  /** Per dense layer, the mean over steps of the mean weight gradient's L2 norm. */
  final double[] gradientNorm;

  /** Validation {loss sum, weight sum, correct sum}, or null without a holdout. */
  final double[] validation;

  EpochOutcome(TrainerState state, double[] sums, int steps, long computeNanos,
      double[] validation) {
    this.state = state;
    this.lossWeighted = sums[0];
    this.weightTotal = sums[1];
    this.correctTotal = sums[2];
    this.steps = steps;
    this.computeNanos = computeNanos;
    this.validation = validation;
    this.activity = state.epochActivity();
    double[] norms = state.epochGradientNormSums();
    for (int l = 0; l < norms.length; l++) {
      norms[l] /= Math.max(1, steps);
    }
    this.gradientNorm = norms;
  }
}
