package org.rectifier.train.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;

/**
 * What the validating pass learns about one partition's packed rows, for the driver to settle
 * the layer sizes and reject inputs that only show as a whole: vectors of different sizes across
 * partitions, row weights that are all zero, a label column of IDs.
 */
final class PartitionSummary implements Serializable {

  private static final long serialVersionUID = 1L;

  final long rows;
  /** Features per row, or -1 for an empty partition. */
  final int numFeatures;
  /** Largest label (NEGATIVE_INFINITY for an empty partition). */
  final double maxLabel;
  final long bytes;
  /** Sum of the row weights as float32 (training's view), or the row count without weights. */
  final double weightSum;
  /** Distinct labels, or null when not counted. */
  final LabelSet labels;
  /** Rows and weight per class, or null when not counted. */
  final ClassCounts classes;
  /** The partition's rows (ascending, from 0) a validation indicator column marks. */
  final long[] heldOut;

  private PartitionSummary(long rows, int numFeatures, double maxLabel, long bytes,
      double weightSum, LabelSet labels, ClassCounts classes, long[] heldOut) {
    this.classes = classes;
    this.heldOut = heldOut;
    this.rows = rows;
    this.numFeatures = numFeatures;
    this.maxLabel = maxLabel;
    this.bytes = bytes;
    this.weightSum = weightSum;
    this.labels = labels;
  }

  /**
   * Summarizes a partition's blocks as they are cached.
   *
   * @param countLabels whether to collect the distinct labels (classification with the number
   *     of classes taken from the data)
   * @param countClasses whether to count rows and weight per class
   */
  static PartitionSummary of(Iterator<DataBlock> blocks, boolean countLabels,
      boolean countClasses) {
    long rows = 0;
    int features = -1;
    double maxLabel = Double.NEGATIVE_INFINITY;
    long bytes = 0;
    double weightSum = 0;
    BitSet labels = countLabels ? new BitSet() : null;
    ClassCounts classes = countClasses ? new ClassCounts() : null;
    long[] heldOut = new long[0];
    int numHeld = 0;
    // Blocks come in the order they were packed, but order them by first row to be sure.
    java.util.List<DataBlock> list = new java.util.ArrayList<>();
    blocks.forEachRemaining(list::add);
    list.sort(java.util.Comparator.comparingLong(b -> b.firstRow));
    for (DataBlock b : list) {
      if (classes != null) {
        classes.add(b);
      }
      if (b.heldOut != null) {
        if (numHeld + b.heldOut.length > heldOut.length) {
          heldOut = Arrays.copyOf(heldOut, Math.max(numHeld + b.heldOut.length,
              2 * heldOut.length));
        }
        for (int r : b.heldOut) {
          heldOut[numHeld++] = b.firstRow + r;
        }
      }
      rows += b.rows;
      features = b.numFeatures;
      maxLabel = Math.max(maxLabel, b.maxLabel());
      bytes += b.sizeInBytes();
      weightSum += b.weights == null ? b.rows : sum(b.weights);
      if (labels != null) {
        for (float label : b.labels) {
          labels.set((int) label);
        }
      }
    }
    return new PartitionSummary(rows, features, maxLabel, bytes, weightSum,
        labels == null ? null : LabelSet.of(labels), classes, Arrays.copyOf(heldOut, numHeld));
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
