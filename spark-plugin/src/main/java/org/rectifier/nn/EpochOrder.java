package org.rectifier.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which rows make up each minibatch of an epoch: a seeded pseudo-random permutation of the row
 * indices {@code [0, numRows)}, cut into consecutive batches.
 *
 * <p>The permutation is computed per position (a keyed Feistel network with cycle-walking), never
 * materialized, so any machine can list the rows of any step in O(batch) time and memory without
 * knowing how the rows are partitioned. That is what makes a step's gradient the same for 1 or 100
 * partitions.
 */
public final class EpochOrder implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int ROUNDS = 4;

  private final long numRows;
  private final int batchSize;
  private final int halfBits;
  private final long halfMask;
  private final long[] roundKeys;
  private final Holdout holdout;
  private final int epoch;

  /**
   * @param numRows rows in the data set, positive
   * @param batchSize rows per step, positive (the last step of an epoch may have fewer)
   * @param seed the fit's seed
   * @param epoch the epoch number; each epoch gets its own order
   */
  public EpochOrder(long numRows, int batchSize, long seed, int epoch) {
    this(numRows, batchSize, seed, epoch, null);
  }

  /**
   * An epoch order over the training rows of {@code holdout} (validation rows never appear in a
   * step); {@link #rowsOfStep} returns global row indices.
   */
  public EpochOrder(Holdout holdout, int batchSize, long seed, int epoch) {
    this(holdout.numTraining(), batchSize, seed, epoch, holdout);
  }

  private EpochOrder(long numRows, int batchSize, long seed, int epoch, Holdout holdout) {
    if (numRows <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException("numRows and batchSize must be positive, got "
          + numRows + " and " + batchSize);
    }
    this.numRows = numRows;
    this.batchSize = batchSize;
    this.holdout = holdout;
    this.epoch = epoch;
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, numRows - 1));
    this.halfBits = Math.max(1, (bits + 1) / 2);
    this.halfMask = (1L << halfBits) - 1;
    SplittableRandom keys = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    this.roundKeys = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      roundKeys[i] = keys.nextLong();
    }
  }

  /** The epoch this order belongs to (from 0); dropout masks are keyed by it. */
  public int epoch() {
    return epoch;
  }

  /** Steps in the epoch: ceil(numRows / batchSize). */
  public int numSteps() {
    return (int) ((numRows + batchSize - 1) / batchSize);
  }

  /** The row index at {@code position} of the epoch's order. */
  public long rowAt(long position) {
    long x = position;
    do {
      x = permuteDomain(x);
    } while (x >= numRows);
    return x;
  }

  /** The row indices of step {@code step}, ascending. */
  public long[] rowsOfStep(int step) {
    long start = (long) step * batchSize;
    int count = (int) Math.min(batchSize, numRows - start);
    long[] rows = new long[count];
    for (int i = 0; i < count; i++) {
      long r = rowAt(start + i);
      rows[i] = holdout == null ? r : holdout.trainingRow(r);
    }
    Arrays.sort(rows);
    return rows;
  }

  private long permuteDomain(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (long key : roundKeys) {
      long next = left ^ (mix(right ^ key) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
