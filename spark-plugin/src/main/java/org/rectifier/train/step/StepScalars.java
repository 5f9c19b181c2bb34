package org.rectifier.train.step;

/**
 * One step's loss, weight and right-answer sums over the partitions' shares, added in partition
 * order (so every worker that adds them gets the same bits), and the slowest share's compute
 * time (a synchronous step waits for it).
 */
public final class StepScalars {

  private double lossSum;
  private double weightSum;
  private double correctSum;
  private long computeNanos;

  /** Starts a step. */
  public void clear() {
    lossSum = 0;
    weightSum = 0;
    correctSum = 0;
    computeNanos = 0;
  }

  /** Adds the next partition's share; call in partition order. */
  public void add(double loss, double weight, double correct, long nanos) {
    lossSum += loss;
    weightSum += weight;
    correctSum += correct;
    computeNanos = Math.max(computeNanos, nanos);
  }

  /** Adds {@code part} (null: a partition with no rows in the step). */
  public void add(PartialGradient part) {
    if (part != null) {
      add(part.lossSum, part.weightSum, part.correctSum, part.computeNanos);
    }
  }

  /** Sum of row weight * loss. */
  public double lossSum() {
    return lossSum;
  }

  /** Total row weight; the mean gradient divides by it. */
  public double weightSum() {
    return weightSum;
  }

  /** Weight of rows predicted right. */
  public double correctSum() {
    return correctSum;
  }

  /** The slowest share's compute time. */
  public long computeNanos() {
    return computeNanos;
  }
}
