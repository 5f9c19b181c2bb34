package org.rectifier.train.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows and total row weight per class label, counted while the validating pass reads the cached
 * blocks: what class weights are computed and checked from. Arrays grow to the largest label
 * seen (labels are class indices, checked when the rows were packed).
 */
public final class ClassCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private long[] rows = new long[0];
  private double[] weight = new double[0];

  /** Counts one block's rows. */
  void add(DataBlock b) {
    for (int i = 0; i < b.rows; i++) {
      int label = (int) b.labels[i];
      if (label >= rows.length) {
        int size = Math.max(label + 1, 2 * rows.length);
        rows = Arrays.copyOf(rows, size);
        weight = Arrays.copyOf(weight, size);
      }
      rows[label]++;
      weight[label] += b.weights == null ? 1.0 : b.weights[i];
    }
  }

  /** Adds {@code other}'s counts to these. */
  void merge(ClassCounts other) {
    if (other.rows.length > rows.length) {
      rows = Arrays.copyOf(rows, other.rows.length);
      weight = Arrays.copyOf(weight, other.rows.length);
    }
    for (int c = 0; c < other.rows.length; c++) {
      rows[c] += other.rows[c];
      weight[c] += other.weight[c];
    }
  }

  /** Rows of class {@code c} (0 beyond the largest label seen). */
  public long rows(int c) {
    return c < rows.length ? rows[c] : 0;
  }

  /** Total row weight of class {@code c}. */
  public double weight(int c) {
    return c < weight.length ? weight[c] : 0;
  }

  /** All rows counted. */
  public long totalRows() {
    long n = 0;
    for (long r : rows) {
      n += r;
    }
    return n;
  }
}
