package org.rectifier.nn.activation;

/** Derivative gates shared by the piecewise activations; small enough for C2 to inline. */
final class Gates {

  private Gates() {}

  /**
   * 1 where {@code z > 0}, {@code negativeSlope} where {@code z <= 0}, NaN where z is NaN (so a
   * NaN pre-activation cannot turn into a silent zero gradient).
   */
  static float slope(float z, float negativeSlope) {
    return z > 0f ? 1f : (z == z ? negativeSlope : Float.NaN);
  }

  /** He gain for a rectifier with this negative-side slope: sqrt(2 / (1 + slope^2)). */
  static double heGain(double negativeSlope) {
    return Math.sqrt(2.0 / (1.0 + negativeSlope * negativeSlope));
  }
}
