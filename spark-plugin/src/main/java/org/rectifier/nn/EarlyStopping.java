package org.rectifier.nn;

/**
 * Stops a fit when a monitored metric has not improved for {@code patience} epochs, optionally
 * keeping the best epoch's weights (Keras's EarlyStopping with restore_best_weights). Any
 * improvement counts, however small; losses improve downwards, accuracies upwards; a NaN never
 * improves.
 */
public final class EarlyStopping {

  private final int patience;
  private final boolean higherIsBetter;
  private final boolean keepWeights;
  private int bestEpoch;
  private double best;
  private double[] bestWeights;

  /**
   * @param patience epochs without improvement that stop the fit (>= 1)
   * @param higherIsBetter true for accuracy, false for a loss
   * @param keepWeights whether to copy the weights of each new best epoch
   */
  public EarlyStopping(int patience, boolean higherIsBetter, boolean keepWeights) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    }
    this.patience = patience;
    this.higherIsBetter = higherIsBetter;
    this.keepWeights = keepWeights;
    this.best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /**
   * Records epoch {@code epoch} (1-based) with metric {@code value} and the weights after it
   * (copied when best, if kept; null when replaying a history).
   *
   * @return whether the fit should stop after this epoch
   */
  public boolean observe(int epoch, double value, double[] weights) {
    boolean improved = higherIsBetter ? value > best : value < best;
    if (improved) {
      best = value;
      bestEpoch = epoch;
      bestWeights = keepWeights && weights != null ? weights.clone() : null;
    }
    return epoch - bestEpoch >= patience;
  }

  /** The best epoch so far (1-based); 0 before any. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best metric so far. */
  public double best() {
    return best;
  }

  /** The weights after the best epoch, or null before any (or when not kept). */
  public double[] bestWeights() {
    return bestWeights;
  }

  /** Sets the best epoch's weights (a resumed fit's, read from its checkpoint). */
  public void setBestWeights(double[] weights) {
    this.bestWeights = weights == null ? null : weights.clone();
  }
}
