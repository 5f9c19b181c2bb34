package org.rectifier.nn.activation;

import org.rectifier.kernel.Erf;

/**
 * Gaussian error linear unit, exact form: {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}
 * (PyTorch's default, Keras's {@code approximate=False}); derivative {@code Phi(x) + x phi(x)}.
 *
 * <p>Phi is computed as {@code 0.5 erfc(-x / sqrt 2)}: for x &lt; 0 it is small, and
 * {@code 1 + erf(..)} would cancel away the digits it has.
 */
public final class Gelu implements Activation {

  private static final long serialVersionUID = 1L;

  private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

  @Override
  public String name() {
    return "gelu";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.HE;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      double v = z[i];
      a[i] = (float) (v * cdf(v));
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      double v = z[i];
      double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      delta[i] *= (float) (cdf(v) + v * pdf);
    }
  }

  /** The standard normal CDF Phi(v), accurate relative to its size also for v &lt;&lt; 0. */
  private static double cdf(double v) {
    return 0.5 * Erf.erfc(-v * INV_SQRT2);
  }
}
