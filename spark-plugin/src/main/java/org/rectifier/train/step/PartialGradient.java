package org.rectifier.train.step;

import java.io.Serializable;
import org.rectifier.nn.LayerActivity;

/** One partition's share of one step: its gradient sum and its loss/weight/accuracy sums. */
public final class PartialGradient implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The partition it came from. */
  public final int partition;
  /** Sum over the share's rows of weight * d(loss)/d(params), every parameter. */
  public final float[] gradient;
  /** Sum of weight * loss. */
  public final double lossSum;
  /** Sum of row weights. */
  public final double weightSum;
  /** Weight of rows predicted right. */
  public final double correctSum;
  /** Nanoseconds the task spent gathering rows and in forward/backward for this step. */
  public final long computeNanos;
  /** Sparsity and live units of the hidden layers over this share's rows. */
  public final LayerActivity activity;

  /** @see PartialGradient */
  public PartialGradient(int partition, float[] gradient, double lossSum, double weightSum,
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
