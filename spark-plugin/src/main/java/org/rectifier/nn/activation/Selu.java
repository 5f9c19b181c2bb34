package org.rectifier.nn.activation;

/**
 * Scaled ELU (Klambauer et al. 2017): {@code lambda * x} for x &gt; 0, else
 * {@code lambda * alpha * (e^x - 1)}, with the paper's fixed constants. Pairs with LeCun normal
 * initialization.
 */
public final class Selu implements Activation {

  private static final long serialVersionUID = 1L;

  /** The SELU scale. */
  public static final double LAMBDA = 1.0507009873554805;
  /** The SELU alpha. */
  public static final double ALPHA = 1.6732632423543772;

  private static final float SCALE = (float) LAMBDA;
  private static final float SCALED_ALPHA = (float) (LAMBDA * ALPHA);

  @Override
  public String name() {
    return "selu";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.LECUN;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      float v = z[i];
      a[i] = v > 0f ? SCALE * v : (float) (SCALED_ALPHA * Math.expm1(v));
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      delta[i] *= z[i] > 0f ? SCALE : a[i] + SCALED_ALPHA;
    }
  }
}
