package org.rectifier.nn.activation;

/**
 * {@code f(x) = x}: the output layer's activation, whose non-linearity (softmax) lives in the
 * loss so that the two combine into one stable gradient.
 */
public final class Identity implements Activation {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.GLOROT;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    if (a != z) {
      System.arraycopy(z, 0, a, 0, rows * units);
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    // dL/dz = dL/da.
  }
}
