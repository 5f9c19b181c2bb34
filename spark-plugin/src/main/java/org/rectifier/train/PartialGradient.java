package org.rectifier.train;

import java.io.Serializable;
import org.rectifier.nn.LayerActivity;

/** One partition's share of one step: its gradient sum and its loss/weight/accuracy sums. */
final class PartialGradient implements Serializable {

  private static final long serialVersionUID = 1L;

  final int partition;
  final float[] gradient;
  final double lossSum;
  final double weightSum;
  final double correctSum;
  /** Nanoseconds the task spent gathering rows and in forward/backward for this step. */
  final long computeNanos;
  /** Sparsity and live units of the hidden layers over this share's rows. */
  final LayerActivity activity;

  PartialGradient(int partition, float[] gradient, double lossSum, double weightSum,
      double correctSum, long computeNanos, LayerActivity activity) {
    this.partition = partition;
    this.gradient = gradient;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.correctSum = correctSum;
    this.computeNanos = computeNanos;
    this.activity = activity;
  }
}
