package org.rectifier.train.data;

import java.io.Serializable;
import java.util.BitSet;
import java.util.List;

/**
 * The distinct class labels of one partition, as cheap to ship as the labels are few: up to
 * {@link #CAP} values travel as a list, beyond that only their count (a lower bound of the
 * data's distinct count). Enough to tell a class index from an ID column without a Spark job
 * of its own.
 */
final class LabelSet implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Most values a partition ships; beyond it the merged count is a lower bound. */
  static final int CAP = 1 << 16;

  /** The distinct labels, or null when there were more than {@link #CAP}. */
  private final int[] values;
  /** How many distinct labels the partition holds. */
  private final int count;

  private LabelSet(int[] values, int count) {
    this.values = values;
    this.count = count;
  }

  /**
   * The set of {@code labels}, whole numbers in [0, 2^24] (checked when the rows were packed, so
   * the bitset stays within 2 MiB).
   */
  static LabelSet of(BitSet labels) {
    int count = labels.cardinality();
    return new LabelSet(count <= CAP ? labels.stream().toArray() : null, count);
  }

  /** Distinct labels over all partitions: exact, or a lower bound (see {@link #lowerBound}). */
  static final class Count {
    /** Distinct labels seen (a lower bound when {@link #lowerBound}). */
    final long distinct;
    /** Whether some partition held more than {@link LabelSet#CAP} labels. */
    final boolean lowerBound;

    Count(long distinct, boolean lowerBound) {
      this.distinct = distinct;
      this.lowerBound = lowerBound;
    }
  }

  /** The union's size over {@code sets} (nulls, from empty partitions, are skipped). */
  static Count merge(List<LabelSet> sets) {
    BitSet union = new BitSet();
    long largest = 0;
    boolean lowerBound = false;
    for (LabelSet s : sets) {
      if (s == null) {
        continue;
      }
      largest = Math.max(largest, s.count);
      if (s.values == null) {
        lowerBound = true;
      } else {
        for (int v : s.values) {
          union.set(v);
        }
      }
    }
    return new Count(Math.max(largest, union.cardinality()), lowerBound);
  }
}
