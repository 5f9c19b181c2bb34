package org.rectifier.kernel;

/**
 * The error function, which {@link Math} lacks and exact GELU needs.
 *
 * <p>Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, which is below float32 resolution
 * around the values GELU produces.
 */
public final class Erf {

  private static final double P = 0.3275911;
  private static final double A1 = 0.254829592;
  private static final double A2 = -0.284496736;
  private static final double A3 = 1.421413741;
  private static final double A4 = -1.453152027;
  private static final double A5 = 1.061405429;

  private Erf() {}

  /** erf(x); NaN for NaN. */
  public static double erf(double x) {
    double ax = Math.abs(x);
    double t = 1.0 / (1.0 + P * ax);
    double poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
    double y = 1.0 - poly * Math.exp(-ax * ax);
    return Math.copySign(y, x);
  }
}
