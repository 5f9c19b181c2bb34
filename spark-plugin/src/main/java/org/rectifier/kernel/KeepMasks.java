package org.rectifier.kernel;

/**
 * Dropout's keep masks from a counter-based hash: entry {@code u} of a run is
 * {@code scale} when the top 24 bits of SplitMix64's finalizer of {@code key + u * GOLDEN} are at
 * least {@code threshold}, else 0. The Vector API implementation ({@code jdk.incubator.vector},
 * when the JVM has the module) and the plain loop compute the same bits, so whether a JVM has
 * the module never changes a trained network.
 */
public final class KeepMasks {

  /** The hash's counter stride (the golden ratio in 64 bits, as SplitMix64's). */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private static final boolean VECTOR = vectorAvailable();

  private KeepMasks() {}

  private static boolean vectorAvailable() {
    if (Boolean.getBoolean("rectifier.kernel.noVector")) {
      return false;
    }
    try {
      // Loads and runs the vector class once, so a JVM without the module or with a too
      // narrow vector unit falls back here, not in the middle of a step.
      return KeepMasksVector.usable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Whether masks are computed with the Vector API in this JVM. */
  public static boolean vectorized() {
    return VECTOR;
  }

  /**
   * Writes {@code n} mask factors into {@code out[off..off+n)}.
   *
   * @param key the run's key (e.g. a hash of seed, epoch, row and layer)
   * @param threshold keep when the hash's top 24 bits are {@code >= threshold}, in [0, 2^24]
   * @param scale the factor of a kept entry
   */
  public static void fill(long key, long threshold, float scale, float[] out, int off, int n) {
    int done = VECTOR ? KeepMasksVector.fill(key, threshold, scale, out, off, n) : 0;
    fillScalar(key, threshold, scale, out, off, done, n);
  }

  /**
   * {@code out[off+u] = in[off+u] * factor(u)} for {@code u < n}, with the factors of
   * {@link #fill} computed on the way ({@code out} may be {@code in}): one pass, with no array of
   * factors written and read back.
   */
  public static void apply(long key, long threshold, float scale, float[] in, float[] out,
      int off, int n) {
    int done = VECTOR ? KeepMasksVector.apply(key, threshold, scale, in, out, off, n) : 0;
    applyScalar(key, threshold, scale, in, out, off, done, n);
  }

  /** The plain loop of {@link #apply} over entries {@code [from, n)}. */
  static void applyScalar(long key, long threshold, float scale, float[] in, float[] out,
      int off, int from, int n) {
    for (int u = from; u < n; u++) {
      long bits = mix(key + u * GOLDEN) >>> 40;
      long keep = ((bits - threshold) >>> 63) ^ 1;
      out[off + u] = in[off + u] * (keep * scale);
    }
  }

  /** The plain loop over entries {@code [from, n)}. */
  static void fillScalar(long key, long threshold, float scale, float[] out, int off, int from,
      int n) {
    for (int u = from; u < n; u++) {
      long bits = mix(key + u * GOLDEN) >>> 40;
      // 1 when bits >= threshold, without a branch.
      long keep = ((bits - threshold) >>> 63) ^ 1;
      out[off + u] = keep * scale;
    }
  }

  /** SplitMix64's finalizer. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
