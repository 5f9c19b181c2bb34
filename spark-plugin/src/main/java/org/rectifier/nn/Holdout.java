package org.rectifier.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A seeded split of the row indices {@code [0, numRows)} into validation rows and training rows,
 * fixed for the whole fit and independent of partitioning (like {@link EpochOrder}, it is a
 * permutation computed per position: the first {@code numValidation} positions are validation).
 */
public final class Holdout implements Serializable {

  private static final long serialVersionUID = 1L;

  private final EpochOrder permutation;
  private final long numRows;
  private final long numValidation;

  /**
   * @param numRows rows in the data set
   * @param fraction share held out for validation, in [0, 1); at least one row stays for training
   * @param seed the fit's seed
   */
  public Holdout(long numRows, double fraction, long seed) {
    this.numRows = numRows;
    this.numValidation = Math.min(numRows - 1, Math.round(numRows * fraction));
    this.permutation = new EpochOrder(numRows, 1, seed ^ 0x5DEECE66DL, -1);
  }

  /** Rows left for training. */
  public long numTraining() {
    return numRows - numValidation;
  }

  /** Rows held out. */
  public long numValidation() {
    return numValidation;
  }

  /** The global row index of training row {@code j}. */
  public long trainingRow(long j) {
    return numValidation == 0 ? j : permutation.rowAt(numValidation + j);
  }

  /** The held-out rows, ascending. */
  public long[] validationRows() {
    long[] rows = new long[(int) numValidation];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = permutation.rowAt(i);
    }
    Arrays.sort(rows);
    return rows;
  }
}
