package org.rectifier.nn.activation;

/** {@code x} for x &gt; 0, else {@code alpha * (e^x - 1)}; default alpha 1.0. */
public final class Elu implements Activation {

  private static final long serialVersionUID = 1L;

  /** The default alpha. */
  public static final double DEFAULT_ALPHA = 1.0;

  private final float alpha;

  /** @param alpha the saturation value for large negative inputs is {@code -alpha} */
  public Elu(double alpha) {
    this.alpha = (float) alpha;
  }

  @Override
  public String name() {
    return "elu";
  }

  @Override
  public double alpha() {
    return alpha;
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.HE;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      float v = z[i];
      a[i] = v > 0f ? v : (float) (alpha * Math.expm1(v));
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      // For z <= 0, d/dz alpha (e^z - 1) = alpha e^z = a + alpha: no second exp.
      delta[i] *= z[i] > 0f ? 1f : a[i] + alpha;
    }
  }
}
