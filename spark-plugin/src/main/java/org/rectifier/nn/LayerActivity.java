package org.rectifier.nn;

import java.io.Serializable;

/**
 * How the hidden units of a network behaved over some rows: per layer, how many outputs were
 * exactly zero (activation sparsity) and which units were nonzero at least once (a unit that
 * never was is "dead": ReLU gives it zero gradient, so it may never recover).
 *
 * <p>The layers recorded are the hidden dense and conv2d layers. A unit of a conv2d layer is a
 * channel: it is dead when it is zero at every position of every image, and its sparsity counts
 * every position.
 */
public final class LayerActivity implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] widths;
  private final int[] positions;
  private final long[] zeros;
  private final byte[] active;
  private long rows;
  private transient int[] ever;

  /** An empty record for hidden layers of these widths (one value per unit per row). */
  public LayerActivity(int[] widths) {
    this(widths, ones(widths.length));
  }

  /**
   * An empty record for hidden layers of {@code widths} units, each unit giving
   * {@code positions[l]} values per row (an image's pixels).
   */
  public LayerActivity(int[] widths, int[] positions) {
    this.widths = widths.clone();
    this.positions = positions.clone();
    this.zeros = new long[widths.length];
    int total = 0;
    for (int w : widths) {
      total += w;
    }
    this.active = new byte[total];
  }

  private static int[] ones(int n) {
    int[] p = new int[n];
    java.util.Arrays.fill(p, 1);
    return p;
  }

  /** An empty record for the hidden layers of {@code topology}. */
  public static LayerActivity of(Topology topology) {
    int[] layers = recordedLayers(topology);
    int[] w = new int[layers.length];
    int[] p = new int[layers.length];
    for (int i = 0; i < layers.length; i++) {
      w[i] = topology.layer(layers[i]).units();
      p[i] = topology.layer(layers[i]).positions();
    }
    return new LayerActivity(w, p);
  }

  /** Which layers of {@code topology} a record covers: the hidden dense and conv2d layers. */
  public static int[] recordedLayers(Topology topology) {
    int[] keep = new int[topology.numLayers()];
    int n = 0;
    for (int l = 0; l + 1 < topology.numLayers(); l++) {
      if (topology.layer(l).numWeights() > 0) {
        keep[n++] = l;
      }
    }
    return java.util.Arrays.copyOf(keep, n);
  }

  /**
   * Records recorded layer {@code layer}'s outputs {@code a}: {@code rows x positions x width}.
   */
  void record(int layer, float[] a, int rowCount) {
    int width = widths[layer];
    rowCount *= positions[layer];
    int offset = 0;
    for (int l = 0; l < layer; l++) {
      offset += widths[l];
    }
    // Branch-free: half the outputs of a ReLU layer are zero, in no predictable order. A
    // value's bits without the sign are 0 exactly for +-0; OR-ing them per unit marks the units
    // that were ever nonzero (NaN counts as nonzero, as before).
    int[] ever = everNonzero(width);
    long z = 0;
    for (int r = 0; r < rowCount; r++) {
      int base = r * width;
      int zr = 0;
      for (int c = 0; c < width; c++) {
        int bits = Float.floatToRawIntBits(a[base + c]) & 0x7fffffff;
        ever[c] |= bits;
        zr += (bits - 1) >>> 31;
      }
      z += zr;
    }
    for (int c = 0; c < width; c++) {
      active[offset + c] |= ever[c] != 0 ? 1 : 0;
    }
    zeros[layer] += z;
  }

  /** A cleared per-unit scratch of {@code width} ints, reused between calls. */
  private int[] everNonzero(int width) {
    if (ever == null || ever.length < width) {
      ever = new int[width];
    } else {
      java.util.Arrays.fill(ever, 0, width, 0);
    }
    return ever;
  }

  void addRows(int count) {
    rows += count;
  }

  /** An empty record for the same layers. */
  public LayerActivity emptyCopy() {
    return new LayerActivity(widths, positions);
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

  /** Units of recorded layer {@code l} (channels of a conv2d layer). */
  public int width(int l) {
    return widths[l];
  }

  /** Rows recorded. */
  public long rows() {
    return rows;
  }

  /** Fraction of layer {@code l}'s outputs that were exactly zero; NaN with no rows. */
  public double sparsity(int l) {
    return rows == 0 ? Double.NaN : zeros[l] / ((double) rows * positions[l] * widths[l]);
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

  /** Per unit of layer {@code l} (per channel of a conv2d layer), whether it was zero for every row. */
  public boolean[] deadUnits(int l) {
    int offset = 0;
    for (int k = 0; k < l; k++) {
      offset += widths[k];
    }
    boolean[] dead = new boolean[widths[l]];
    for (int c = 0; c < dead.length; c++) {
      dead[c] = rows > 0 && active[offset + c] == 0;
    }
    return dead;
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
