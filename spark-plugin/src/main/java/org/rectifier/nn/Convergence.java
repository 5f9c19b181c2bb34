package org.rectifier.nn;

/**
 * Early stop on a loss that stopped improving, as scikit-learn's MLP does: the fit ends when
 * {@link #PATIENCE} epochs in a row failed to beat the best loss so far by more than
 * {@code tol * max(1, |best|)}. Patience matters because minibatch losses are noisy: one bad
 * epoch must not end a fit.
 */
public final class Convergence {

  /** Consecutive epochs without improvement that end a fit. */
  public static final int PATIENCE = 5;

  private final double tol;
  private double best = Double.POSITIVE_INFINITY;
  private int stale;

  /** @param tol the improvement that counts; 0 disables early stopping */
  public Convergence(double tol) {
    this.tol = tol;
  }

  /** The best loss so far (+infinity before any epoch). */
  public double best() {
    return best;
  }

  /** Epochs in a row without improvement. */
  public int stale() {
    return stale;
  }

  /** Continues from a saved {@link #best} and {@link #stale} (a resumed fit). */
  public void restore(double best, int stale) {
    this.best = best;
    this.stale = stale;
  }

  /** Records an epoch's loss; true when the fit should stop. */
  public boolean converged(double loss) {
    if (tol <= 0) {
      return false;
    }
    // The first epoch always improves on "nothing yet". (With best = +inf the margin below
    // would be inf - inf = NaN, no loss compares below NaN, and the first epoch would count as
    // stale, ending a plateaued fit one epoch early.)
    double margin = best == Double.POSITIVE_INFINITY ? 0.0 : tol * Math.max(1.0, Math.abs(best));
    if (loss < best - margin) {
      stale = 0;
    } else {
      stale++;
    }
    best = Math.min(best, loss);
    return stale >= PATIENCE;
  }
}
