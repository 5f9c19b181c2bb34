package org.rectifier.nn.activation;

/** The logistic function {@code 1 / (1 + e^-x)}; derivative {@code a (1 - a)}. */
public final class Sigmoid implements Activation {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "sigmoid";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.GLOROT;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      // exp(-z) overflows to +inf for z << 0, and 1 / inf is the correct limit 0.
      a[i] = (float) (1.0 / (1.0 + Math.exp(-z[i])));
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      delta[i] *= a[i] * (1f - a[i]);
    }
  }
}
