package org.rectifier.nn.layer;

import org.rectifier.nn.conv.ImageShape;

/**
 * Keras's {@code Flatten}: an image becomes a vector of its values in HWC order. Rows are
 * already stored that way, so both passes are copies; the layer exists so that an architecture
 * says where images end, and a summary shows it.
 */
public final class FlattenLayer extends Layer {

  private static final long serialVersionUID = 1L;

  private final ImageShape in;

  /** Flattens images of shape {@code in}. */
  public FlattenLayer(ImageShape in) {
    super(in.size(), in.size(), null);
    this.in = in;
  }

  /** The image shape it flattens. */
  public ImageShape inShape() {
    return in;
  }

  @Override
  public String kind() {
    return "flatten";
  }

  @Override
  public String spec() {
    return "flatten";
  }

  @Override
  public String outShape() {
    return Integer.toString(outSize());
  }

  @Override
  public void forward(float[] params, int off, float[] x, int rows, float[] z, Scratch s) {
    System.arraycopy(x, 0, z, 0, rows * inSize());
  }

  @Override
  public void backward(float[] params, int off, float[] x, float[] dz, int rows, float[] grad,
      float[] dx, Scratch s) {
    if (dx != null) {
      System.arraycopy(dz, 0, dx, 0, rows * inSize());
    }
  }
}
