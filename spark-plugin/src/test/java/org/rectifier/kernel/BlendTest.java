package org.rectifier.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The data-dependent selections give the plain loops' values whichever way they run (the tests'
 * JVM has the Vector API, so the vector path runs here), on lengths that leave a tail.
 */
class BlendTest {

  @Test
  void reluBackwardPassesPositiveInputsZeroesTheRestAndKeepsNaN() {
    assertTrue(Blend.vectorized(), "the tests' JVM has jdk.incubator.vector and AVX2");
    Random r = new Random(5);
    for (int n : new int[] {1, 7, 8, 31, 1000}) {
      float[] z = new float[n];
      float[] d = new float[n];
      for (int i = 0; i < n; i++) {
        z[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextGaussian();
        d[i] = (float) r.nextGaussian();
      }
      z[n / 2] = Float.NaN;
      d[0] = Float.POSITIVE_INFINITY;
      float[] expected = d.clone();
      Blend.reluBackwardScalar(z, expected, 0, n);
      float[] actual = d.clone();
      Blend.reluBackward(z, actual, n);
      assertArrayEquals(expected, actual, "n=" + n);
      assertTrue(Float.isNaN(actual[n / 2]), "a NaN input gives a NaN gradient");
      for (int i = 0; i < n; i++) {
        if (z[i] > 0) {
          assertEquals(d[i], actual[i]);
        } else if (z[i] == z[i] && Float.isFinite(d[i])) {
          assertEquals(0f, actual[i], 0f);
        }
      }
    }
  }

  @Test
  void routeToMaxGivesEachChannelsGradientToItsFirstMaximumOnly() {
    int c = 19;
    Random r = new Random(8);
    // A 2-pixel window, channels-last: pixel 0 at 0, pixel 1 at c. Ties on every third channel.
    float[] x = new float[2 * c];
    float[] max = new float[c];
    for (int ch = 0; ch < c; ch++) {
      x[ch] = (float) r.nextGaussian();
      x[c + ch] = ch % 3 == 0 ? x[ch] : (float) r.nextGaussian();
      max[ch] = Math.max(x[ch], x[c + ch]);
    }
    float[] grad = new float[c];
    for (int ch = 0; ch < c; ch++) {
      grad[ch] = 1 + ch;
    }
    float[] rest = grad.clone();
    float[] dx = new float[2 * c];
    Blend.routeToMax(x, max, 0, rest, dx, 0, c);
    Blend.routeToMax(x, max, 0, rest, dx, c, c);
    for (int ch = 0; ch < c; ch++) {
      int winner = x[ch] >= x[c + ch] ? ch : c + ch;
      int loser = winner == ch ? c + ch : ch;
      assertEquals(grad[ch], dx[winner], "channel " + ch + " to its first maximum");
      assertEquals(0f, dx[loser], "channel " + ch + ": nothing to the other pixel");
      assertEquals(0f, rest[ch]);
    }
  }
}
