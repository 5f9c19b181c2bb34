package org.rectifier.nn.activation;

import org.rectifier.kernel.Erf;

/**
 * Gaussian error linear unit, exact form: {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}
 * (PyTorch's default, Keras's {@code approximate=False}); derivative {@code Phi(x) + x phi(x)}.
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
      a[i] = (float) (0.5 * v * (1.0 + Erf.erf(v * INV_SQRT2)));
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      double v = z[i];
      double cdf = 0.5 * (1.0 + Erf.erf(v * INV_SQRT2));
      double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      delta[i] *= (float) (cdf + v * pdf);
    }
  }
}
