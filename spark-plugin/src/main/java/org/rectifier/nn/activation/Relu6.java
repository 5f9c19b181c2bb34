package org.rectifier.nn.activation;

/** {@code min(max(0, x), 6)}; derivative 1 strictly inside (0, 6), 0 elsewhere (also at 0 and 6). */
public final class Relu6 implements Activation {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "relu6";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.HE;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      a[i] = Math.min(Math.max(z[i], 0f), 6f);
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      float v = z[i];
      delta[i] *= Gates.slope(v, 0f) * (v >= 6f ? 0f : 1f);
    }
  }
}
