package org.rectifier.train.data;

import java.io.Serializable;

/**
 * Consecutive rows of one partition packed as dense row-major float32 arrays: what the training
 * loop caches and multiplies, with no per-row objects left.
 */
public final class DataBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Index within its partition of the block's first row. */
  public final long firstRow;
  /** Rows in the block. */
  public final int rows;
  /** Features per row. */
  public final int numFeatures;
  /** Label values per row (1 for a class index or one target). */
  public final int labelWidth;
  /** Features, {@code rows x numFeatures}. */
  public final float[] features;
  /** Labels, {@code rows x labelWidth}. */
  public final float[] labels;
  /** Row weights, or null when every row weighs 1. */
  public final float[] weights;
  /** Rows (within the block, ascending) a validation indicator column marks, or null. */
  public final int[] heldOut;

  /** @see DataBlock */
  public DataBlock(long firstRow, int rows, int numFeatures, int labelWidth, float[] features,
      float[] labels, float[] weights) {
    this(firstRow, rows, numFeatures, labelWidth, features, labels, weights, null);
  }

  /** A block some of whose rows a validation indicator column marks ({@code heldOut}). */
  public DataBlock(long firstRow, int rows, int numFeatures, int labelWidth, float[] features,
      float[] labels, float[] weights, int[] heldOut) {
    this.heldOut = heldOut;
    this.firstRow = firstRow;
    this.rows = rows;
    this.numFeatures = numFeatures;
    this.labelWidth = labelWidth;
    this.features = features;
    this.labels = labels;
    this.weights = weights;
  }

  /** Largest label value in the block (NEGATIVE_INFINITY if empty). */
  public double maxLabel() {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : labels) {
      max = Math.max(max, v);
    }
    return max;
  }

  /** Bytes held by the arrays. */
  public long sizeInBytes() {
    return 4L * (features.length + labels.length + (weights == null ? 0 : weights.length)
        + (heldOut == null ? 0 : heldOut.length));
  }
}
