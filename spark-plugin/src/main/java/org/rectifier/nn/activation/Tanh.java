package org.rectifier.nn.activation;

/** The hyperbolic tangent; derivative {@code 1 - a^2}. */
public final class Tanh implements Activation {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "tanh";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.GLOROT;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      a[i] = (float) Math.tanh(z[i]);
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      delta[i] *= 1f - a[i] * a[i];
    }
  }
}
