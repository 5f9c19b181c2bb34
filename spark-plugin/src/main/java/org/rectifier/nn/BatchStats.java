package org.rectifier.nn;

import java.io.Serializable;

/**
 * Sums over the rows of one batch: weighted loss, total weight, weighted right answers.
 * Sums (not means) so that pieces of one minibatch computed apart add up exactly.
 */
public final class BatchStats implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Sum over rows of weight * loss. */
  public final double lossSum;
  /** Sum of row weights. */
  public final double weightSum;
  /** Sum of the weights of rows classified right; NaN for regression. */
  public final double correctSum;

  /** @see BatchStats */
  public BatchStats(double lossSum, double weightSum, double correctSum) {
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.correctSum = correctSum;
  }
}
