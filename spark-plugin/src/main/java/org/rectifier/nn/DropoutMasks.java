package org.rectifier.nn;

import java.io.Serializable;

/**
 * Inverted dropout whose masks depend only on (seed, epoch, global row, layer, unit): each unit
 * is kept with probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)} in training,
 * and nothing changes at prediction time, as in Keras and PyTorch. The draw is a counter-based
 * hash (SplitMix64's finalizer over the key), not a stream, so any worker can draw any row's
 * mask: the same rows get the same masks however the data is partitioned and whichever task or
 * mode computes them.
 *
 * <p>Layer {@code -1} is the input features ({@code inputRate}); layers {@code 0..} are the
 * outputs of the hidden layers ({@code hiddenRate}). The output layer is never dropped.
 */
public final class DropoutMasks implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final double inputRate;
  private final double hiddenRate;
  private final long seed;

  /**
   * @param inputRate dropout rate of the input features, in [0, 1)
   * @param hiddenRate dropout rate of every hidden layer's outputs, in [0, 1)
   * @param seed the fit's seed
   */
  public DropoutMasks(double inputRate, double hiddenRate, long seed) {
    if (!(inputRate >= 0 && inputRate < 1) || !(hiddenRate >= 0 && hiddenRate < 1)) {
      throw new IllegalArgumentException("dropout rates must be in [0, 1), got input "
          + inputRate + ", hidden " + hiddenRate);
    }
    this.inputRate = inputRate;
    this.hiddenRate = hiddenRate;
    this.seed = seed;
  }

  /** Whether any unit is ever dropped. */
  public boolean active() {
    return inputRate > 0 || hiddenRate > 0;
  }

  /** The rate of layer {@code layer} ({@code -1}: inputs). */
  public double rate(int layer) {
    return layer < 0 ? inputRate : hiddenRate;
  }

  /**
   * Writes the mask factors ({@code 0} or {@code 1 / (1 - rate)}) of {@code rows} rows of
   * {@code units} units of layer {@code layer} in epoch {@code epoch} into {@code mask}, row
   * {@code i} being global row {@code globalRows[rowFrom + i]}.
   */
  public void fill(int epoch, int layer, long[] globalRows, int rowFrom, int rows, int units,
      float[] mask) {
    double rate = rate(layer);
    float scale = (float) (1.0 / (1.0 - rate));
    // Keep when the hash's top 24 bits are at or above rate * 2^24; computed without a branch.
    long threshold = (long) Math.ceil(rate * (1 << 24));
    long layerKey = mix(seed + GOLDEN * (epoch + 1)) ^ mix((layer + 2L) * GOLDEN);
    for (int i = 0; i < rows; i++) {
      long rowKey = layerKey ^ mix(globalRows[rowFrom + i] * GOLDEN + 0x632BE59BD9B4E019L);
      int base = i * units;
      for (int u = 0; u < units; u++) {
        long bits = mix(rowKey + u * GOLDEN) >>> 40;
        long keep = ((bits - threshold) >>> 63) ^ 1;
        mask[base + u] = keep * scale;
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
