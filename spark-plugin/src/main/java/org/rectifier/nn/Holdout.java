package org.rectifier.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A split of the row indices {@code [0, numRows)} into validation rows and training rows, fixed
 * for the whole fit and independent of partitioning. Either seeded ({@link #Holdout(long, double,
 * long)}: like {@link EpochOrder}, a permutation computed per position whose first
 * {@code numValidation} positions are validation) or given ({@link #of}: the rows a column
 * marks, MLlib's {@code validationIndicatorCol}).
 */
public final class Holdout implements Serializable {

  private static final long serialVersionUID = 1L;

  private final EpochOrder permutation;
  /** The given validation rows, ascending, or null for a seeded split. */
  private final long[] given;
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
    this.given = null;
  }

  private Holdout(long numRows, long[] validationRows) {
    this.numRows = numRows;
    this.numValidation = validationRows.length;
    this.permutation = null;
    this.given = validationRows;
  }

  /**
   * The split that holds out exactly {@code validationRows}.
   *
   * @param validationRows distinct global row indices in {@code [0, numRows)}, ascending, fewer
   *     than {@code numRows}
   */
  public static Holdout of(long numRows, long[] validationRows) {
    for (int i = 0; i < validationRows.length; i++) {
      if (validationRows[i] < 0 || validationRows[i] >= numRows
          || (i > 0 && validationRows[i] <= validationRows[i - 1])) {
        throw new IllegalArgumentException("validation rows must be distinct, ascending and in"
            + " [0, " + numRows + "); entry " + i + " is " + validationRows[i]);
      }
    }
    if (validationRows.length >= numRows) {
      throw new IllegalArgumentException("every one of the " + numRows
          + " rows is a validation row; at least one must stay for training");
    }
    return new Holdout(numRows, validationRows.clone());
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
    if (numValidation == 0) {
      return j;
    }
    if (given == null) {
      return permutation.rowAt(numValidation + j);
    }
    // Training row j is row j + k, where k validation rows come before it: the number of
    // validation rows v_i with v_i - i <= j (v_i - i, the training rows before v_i, never falls).
    int lo = 0;
    int hi = given.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (given[mid] - mid <= j) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return j + lo;
  }

  /** The held-out rows, ascending. */
  public long[] validationRows() {
    if (given != null) {
      return given.clone();
    }
    long[] rows = new long[(int) numValidation];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = permutation.rowAt(i);
    }
    Arrays.sort(rows);
    return rows;
  }
}
