package org.rectifier.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeepMasksTest {

  /**
   * The Vector API path (used in this JVM when it has the module) and the plain loop give the
   * same bits, for lengths that end mid-vector and at offsets into a larger array: a trained
   * network must not depend on whether an executor's JVM was started with the module.
   */
  @Test
  void vectorAndPlainLoopGiveTheSameBits() {
    long[] thresholds = {0, 1, 1L << 23, (long) (0.37 * (1 << 24)), 1L << 24};
    for (int n : new int[] {0, 1, 3, 4, 7, 8, 9, 31, 64, 257}) {
      for (long threshold : thresholds) {
        long key = KeepMasks.mix(n * 31L + threshold);
        float[] fast = new float[n + 5];
        float[] plain = new float[n + 5];
        KeepMasks.fill(key, threshold, 2.5f, fast, 3, n);
        KeepMasks.fillScalar(key, threshold, 2.5f, plain, 3, 0, n);
        assertArrayEquals(plain, fast, "n=" + n + " threshold=" + threshold
            + " vectorized=" + KeepMasks.vectorized());
        float[] in = new float[n + 5];
        for (int i = 0; i < in.length; i++) {
          in[i] = (float) Math.sin(i + n);
        }
        float[] applied = new float[n + 5];
        float[] appliedPlain = new float[n + 5];
        KeepMasks.apply(key, threshold, 2.5f, in, applied, 3, n);
        KeepMasks.applyScalar(key, threshold, 2.5f, in, appliedPlain, 3, 0, n);
        assertArrayEquals(appliedPlain, applied, "apply, n=" + n + " threshold=" + threshold);
        for (int u = 0; u < n; u++) {
          assertEquals(in[3 + u] * plain[3 + u], applied[3 + u], "in times its factor, " + u);
        }
      }
    }
  }

  @Test
  void keepsTheRequestedShareWithTheGivenScale() {
    int n = 200_000;
    float[] out = new float[n];
    long threshold = (long) (0.3 * (1 << 24));
    KeepMasks.fill(42, threshold, 1 / 0.7f, out, 0, n);
    int kept = 0;
    for (float f : out) {
      assertTrue(f == 0 || f == 1 / 0.7f, "entries are 0 or the scale: " + f);
      kept += f == 0 ? 0 : 1;
    }
    assertEquals(0.7, kept / (double) n, 0.005);
  }

  @Test
  void thresholdsAtTheEndsKeepAllOrNothing() {
    float[] out = new float[100];
    KeepMasks.fill(7, 0, 1f, out, 0, 100);
    for (float f : out) {
      assertEquals(1f, f);
    }
    KeepMasks.fill(7, 1L << 24, 1f, out, 0, 100);
    for (float f : out) {
      assertEquals(0f, f);
    }
  }
}
