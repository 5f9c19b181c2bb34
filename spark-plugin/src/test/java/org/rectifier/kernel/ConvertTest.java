package org.rectifier.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Proves the precision conversions of {@link Convert}: float64 master values round to the nearest
 * float32 (tiny values to a signed zero), and float32 gradients widen into float64 sums exactly.
 */
class ConvertTest {

  @Test
  void conversionsRoundAndWiden() {
    double[] w = {0.1, -1e-50, 3.0};
    float[] f = Convert.toFloat(w);
    assertArrayEquals(new float[] {0.1f, -0f, 3f}, f, 0f);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(f[1]), "sign of a tiny value");
    double[] acc = {1.0, 2.0, 3.0};
    Convert.addTo(acc, new float[] {0.5f, 0.1f, -3f});
    assertArrayEquals(new double[] {1.5, 2.0 + (double) 0.1f, 0.0}, acc, 0.0);
  }
}
