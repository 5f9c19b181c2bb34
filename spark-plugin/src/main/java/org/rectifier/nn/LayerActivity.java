package org.rectifier.nn;

import java.io.Serializable;

/**
 * How the hidden units of a network behaved over some rows: per layer, how many outputs were
 * exactly zero (activation sparsity) and which units were nonzero at least once (a unit that
 * never was is "dead": ReLU gives it zero gradient, so it may never recover).
 */
public final class LayerActivity implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] widths;
  private final long[] zeros;
  private final byte[] active;
  private long rows;

  /** An empty record for hidden layers of these widths. */
  public LayerActivity(int[] widths) {
    this.widths = widths.clone();
    this.zeros = new long[widths.length];
    int total = 0;
    for (int w : widths) {
      total += w;
    }
    this.active = new byte[total];
  }

  /** Widths of the hidden layers of {@code topology}. */
  public static int[] hiddenWidths(Topology topology) {
    int[] w = new int[topology.numLayers() - 1];
    for (int l = 0; l < w.length; l++) {
      w[l] = topology.fanOut(l);
    }
    return w;
  }

  /** Records hidden layer {@code layer}'s outputs {@code a} ({@code rows x width}). */
  void record(int layer, float[] a, int rowCount) {
    int width = widths[layer];
    int offset = 0;
    for (int l = 0; l < layer; l++) {
      offset += widths[l];
    }
    long z = 0;
    for (int r = 0; r < rowCount; r++) {
      int base = r * width;
      for (int c = 0; c < width; c++) {
        boolean zero = a[base + c] == 0f;
        z += zero ? 1 : 0;
        active[offset + c] |= zero ? 0 : 1;
      }
    }
    zeros[layer] += z;
  }

  void addRows(int count) {
    rows += count;
  }

  /** Adds {@code other}'s counts to this record. */
  public void merge(LayerActivity other) {
    for (int l = 0; l < zeros.length; l++) {
      zeros[l] += other.zeros[l];
    }
    for (int i = 0; i < active.length; i++) {
      active[i] |= other.active[i];
    }
    rows += other.rows;
  }

  /** Clears the record. */
  public void clear() {
    java.util.Arrays.fill(zeros, 0);
    java.util.Arrays.fill(active, (byte) 0);
    rows = 0;
  }

  /** Number of hidden layers. */
  public int numLayers() {
    return widths.length;
  }

  /** Width of hidden layer {@code l}. */
  public int width(int l) {
    return widths[l];
  }

  /** Rows recorded. */
  public long rows() {
    return rows;
  }

  /** Fraction of layer {@code l}'s outputs that were exactly zero; NaN with no rows. */
  public double sparsity(int l) {
    return rows == 0 ? Double.NaN : zeros[l] / ((double) rows * widths[l]);
  }

  /** Fraction of layer {@code l}'s units that were zero for every row; NaN with no rows. */
  public double deadFraction(int l) {
    if (rows == 0) {
      return Double.NaN;
    }
    int offset = 0;
    for (int k = 0; k < l; k++) {
      offset += widths[k];
    }
    int dead = 0;
    for (int c = 0; c < widths[l]; c++) {
      dead += active[offset + c] == 0 ? 1 : 0;
    }
    return dead / (double) widths[l];
  }

  /** Raw state for transport: zero counts per layer. */
  public long[] zeroCounts() {
    return zeros;
  }

  /** Raw state for transport: one byte per hidden unit, 1 if it was ever nonzero. */
  public byte[] activeFlags() {
    return active;
  }

  /** Sets the row count (for transport). */
  public void setRows(long rows) {
    this.rows = rows;
  }
}
