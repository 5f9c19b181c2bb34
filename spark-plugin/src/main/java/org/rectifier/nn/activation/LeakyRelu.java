package org.rectifier.nn.activation;

/** {@code x} for x &gt; 0, else {@code alpha * x}; Keras/PyTorch default alpha 0.01. */
public final class LeakyRelu implements Activation {

  private static final long serialVersionUID = 1L;

  /** The default negative-side slope. */
  public static final double DEFAULT_ALPHA = 0.01;

  private final float alpha;

  /** @param alpha the fixed slope on the negative side */
  public LeakyRelu(double alpha) {
    this.alpha = (float) alpha;
  }

  @Override
  public String name() {
    return "leaky_relu";
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
  public double initGain() {
    return Gates.heGain(alpha);
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      float v = z[i];
      a[i] = v > 0f ? v : alpha * v;
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      delta[i] *= Gates.slope(z[i], alpha);
    }
  }
}
