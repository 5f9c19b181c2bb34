package org.rectifier.nn.activation;

/** {@code max(0, x)}; derivative 1 for x &gt; 0, else 0 (0 at the kink). */
public final class Relu implements Activation {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "relu";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.HE;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    int n = rows * units;
    for (int i = 0; i < n; i++) {
      a[i] = Math.max(z[i], 0f);
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    org.rectifier.kernel.Blend.reluBackward(z, delta, rows * units);
  }
}
