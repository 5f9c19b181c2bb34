package org.rectifier.nn;

import java.io.Serializable;
import org.rectifier.kernel.KeepMasks;

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
  private static final long GOLDEN = KeepMasks.GOLDEN;

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
    long layerKey = layerKey(epoch, layer);
    for (int i = 0; i < rows; i++) {
      KeepMasks.fill(rowKey(layerKey, globalRows[rowFrom + i]), threshold(layer),
          scale(layer), mask, i * units, units);
    }
  }

  /**
   * {@code out = in * mask} for {@code rows x units} blocks ({@code out} may be {@code in}),
   * the masks computed on the way, row by row: none is kept, so the forward pass (on
   * activations) and the backward pass (on their gradients) each draw the same masks again
   * rather than hold them in the memory the GEMMs need.
   */
  public void apply(int epoch, int layer, long[] globalRows, int rowFrom, int rows, int units,
      float[] in, float[] out) {
    long layerKey = layerKey(epoch, layer);
    long threshold = threshold(layer);
    float scale = scale(layer);
    for (int i = 0; i < rows; i++) {
      KeepMasks.apply(rowKey(layerKey, globalRows[rowFrom + i]), threshold, scale, in, out,
          i * units, units);
    }
  }

  private long layerKey(int epoch, int layer) {
    return mix(seed + GOLDEN * (epoch + 1)) ^ mix((layer + 2L) * GOLDEN);
  }

  private static long rowKey(long layerKey, long globalRow) {
    return layerKey ^ mix(globalRow * GOLDEN + 0x632BE59BD9B4E019L);
  }

  /** Keep when the hash's top 24 bits are at or above rate * 2^24. */
  private long threshold(int layer) {
    return (long) Math.ceil(rate(layer) * (1 << 24));
  }

  private float scale(int layer) {
    return (float) (1.0 / (1.0 - rate(layer)));
  }

  private static long mix(long z) {
    return KeepMasks.mix(z);
  }
}
