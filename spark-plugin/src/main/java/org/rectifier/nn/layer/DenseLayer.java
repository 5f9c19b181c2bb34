package org.rectifier.nn.layer;

import org.rectifier.kernel.Blas;
import org.rectifier.kernel.RowOps;
import org.rectifier.nn.activation.Activation;

/**
 * A fully connected layer, {@code z = x W + b}: one GEMM forward, two backward. Its view holds
 * {@code W} as {@code out x in} column-major (MLlib's layout, so its {@code initialWeights} carry
 * over), which is the same memory as the row-major {@code in x out} matrix a row-major block
 * multiplies by, so the GEMMs read the weights in place; then the {@code out} biases.
 */
public final class DenseLayer extends Layer {

  private static final long serialVersionUID = 1L;

  /** A layer from {@code in} to {@code out} units; {@code activation} null for none. */
  public DenseLayer(int in, int out, Activation activation) {
    super(in, out, activation);
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("dense needs positive sizes; got " + in + " -> " + out);
    }
  }

  @Override
  public String kind() {
    return "dense";
  }

  @Override
  public String spec() {
    return "dense(" + outSize() + activationSpec() + ")";
  }

  @Override
  public String outShape() {
    return Integer.toString(outSize());
  }

  @Override
  public int numWeights() {
    return inSize() * outSize();
  }

  @Override
  public int numBiases() {
    return outSize();
  }

  @Override
  public boolean takesDropout() {
    return true;
  }

  @Override
  public void forward(float[] params, int off, float[] x, int rows, float[] z, Scratch s) {
    int in = inSize();
    int out = outSize();
    Blas.sgemm(false, false, rows, out, in, 1f, x, 0, in, params, off, out, 0f, z, 0, out);
    RowOps.addBias(z, rows, out, params, off + in * out);
  }

  @Override
  public void backward(float[] params, int off, float[] x, float[] dz, int rows, float[] grad,
      float[] dx, Scratch s) {
    int in = inSize();
    int out = outSize();
    Blas.sgemm(true, false, in, out, rows, 1f, x, 0, in, dz, 0, out, 0f, grad, off, out);
    RowOps.columnSums(dz, rows, out, grad, off + in * out);
    if (dx != null) {
      Blas.sgemm(false, true, rows, in, out, 1f, dz, 0, out, params, off, out, 0f, dx, 0, in);
    }
  }
}
