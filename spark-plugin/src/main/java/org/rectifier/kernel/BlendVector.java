package org.rectifier.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Blend} with the Vector API: compares give masks, masks blend. Only loaded when the JVM
 * has {@code jdk.incubator.vector}. Each method handles the whole vectors from the start and
 * returns how many values it did; the caller's plain loop does the rest.
 */
final class BlendVector {

  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  private BlendVector() {}

  /**
   * Whether vectors pay here (at least 8 lanes: AVX2 or wider) and give the plain loops'
   * values on a test run that has every case (positive, zero, negative, NaN inputs; an infinite
   * delta; ties in a window).
   */
  static boolean usable() {
    if (FLOATS.length() < 8) {
      return false;
    }
    int n = 3 * FLOATS.length() + 3;
    float[] z = new float[n];
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      z[i] = (i % 5) - 2f;
      d[i] = i % 7 == 0 ? Float.POSITIVE_INFINITY : i * 0.5f;
    }
    z[3] = Float.NaN;
    z[4] = -0f;
    float[] a = d.clone();
    float[] b = d.clone();
    Blend.reluBackwardScalar(z, b, 0, n);
    int done = reluBackward(z, a, n);
    Blend.reluBackwardScalar(z, a, done, n);
    float[] restA = d.clone();
    float[] restB = d.clone();
    float[] dxA = new float[n];
    float[] dxB = new float[n];
    float[] max = z.clone();
    max[5] = 9f;
    int routed = routeToMax(z, max, 0, restA, dxA, 0, n);
    Blend.routeToMaxScalar(z, max, 0, restA, dxA, 0, routed, n);
    Blend.routeToMaxScalar(z, max, 0, restB, dxB, 0, 0, n);
    return java.util.Arrays.equals(a, b) && java.util.Arrays.equals(dxA, dxB)
        && java.util.Arrays.equals(restA, restB);
  }

  static int reluBackward(float[] z, float[] delta, int n) {
    int bound = FLOATS.loopBound(n);
    for (int i = 0; i < bound; i += FLOATS.length()) {
      FloatVector zv = FloatVector.fromArray(FLOATS, z, i);
      FloatVector d = FloatVector.fromArray(FLOATS, delta, i);
      VectorMask<Float> positive = zv.compare(VectorOperators.GT, 0f);
      VectorMask<Float> nan = zv.test(VectorOperators.IS_NAN);
      d.mul(0f).blend(d, positive).blend(Float.NaN, nan).intoArray(delta, i);
    }
    return bound;
  }

  static int routeToMax(float[] x, float[] max, int mAt, float[] rest, float[] dx, int xAt,
      int c) {
    int bound = FLOATS.loopBound(c);
    FloatVector zero = FloatVector.zero(FLOATS);
    for (int ch = 0; ch < bound; ch += FLOATS.length()) {
      FloatVector r = FloatVector.fromArray(FLOATS, rest, ch);
      VectorMask<Float> hit = FloatVector.fromArray(FLOATS, x, xAt + ch)
          .compare(VectorOperators.EQ, FloatVector.fromArray(FLOATS, max, mAt + ch));
      zero.blend(r, hit).intoArray(dx, xAt + ch);
      r.blend(zero, hit).intoArray(rest, ch);
    }
    return bound;
  }
}
