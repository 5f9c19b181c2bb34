package org.rectifier.nn.layer;

import java.util.Arrays;
import org.rectifier.nn.conv.ImageShape;

/**
 * Max pooling over {@code ph x pw} windows of each channel, as Keras's {@code MaxPooling2D} with
 * its defaults: the stride is the window, and windows must fit ({@code valid}), so the output is
 * {@code floor(h / ph) x floor(w / pw)}. No parameters. The forward pass remembers which input
 * won each window (the first on ties) in the thread's scratch, and the backward pass routes the
 * gradient there only.
 */
public final class MaxPoolLayer extends Layer {

  private static final long serialVersionUID = 1L;

  private final ImageShape in;
  private final ImageShape out;
  private final int ph;
  private final int pw;

  /** @throws IllegalArgumentException when the window is larger than the image */
  public MaxPoolLayer(ImageShape in, int ph, int pw) {
    super(in.size(), pooled(in, ph, pw).size(), null);
    this.in = in;
    this.out = pooled(in, ph, pw);
    this.ph = ph;
    this.pw = pw;
  }

  private static ImageShape pooled(ImageShape in, int ph, int pw) {
    if (ph <= 0 || pw <= 0) {
      throw new IllegalArgumentException("maxpool needs a window > 0; got " + ph + "x" + pw);
    }
    if (in.height() / ph == 0 || in.width() / pw == 0) {
      throw new IllegalArgumentException("maxpool " + ph + "x" + pw + " does not fit a " + in
          + " input: the output would be " + in.height() / ph + "x" + in.width() / pw);
    }
    return new ImageShape(in.height() / ph, in.width() / pw, in.channels());
  }

  /** The input image shape. */
  public ImageShape inShape() {
    return in;
  }

  /** The output image shape. */
  public ImageShape outImage() {
    return out;
  }

  @Override
  public String kind() {
    return "maxpool";
  }

  @Override
  public String spec() {
    return "maxpool(" + ph + "x" + pw + ")";
  }

  @Override
  public String outShape() {
    return out.toString();
  }

  @Override
  public int units() {
    return out.channels();
  }

  @Override
  public Scratch newScratch() {
    return new Winners();
  }

  @Override
  public void forward(float[] params, int off, float[] x, int rows, float[] z, Scratch s) {
    int[] winners = ((Winners) s).ensure(rows * out.size());
    int c = in.channels();
    int rowStride = in.width() * c;
    for (int r = 0; r < rows; r++) {
      int xOff = r * in.size();
      int zOff = r * out.size();
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          int first = (oy * ph * in.width() + ox * pw) * c;
          int o = zOff + (oy * out.width() + ox) * c;
          // Channels innermost: each window pixel is a contiguous run of c values.
          for (int ch = 0; ch < c; ch++) {
            z[o + ch] = x[xOff + first + ch];
            winners[o + ch] = first + ch;
          }
          for (int ky = 0; ky < ph; ky++) {
            for (int kx = 0; kx < pw; kx++) {
              if (ky == 0 && kx == 0) {
                continue;
              }
              int at = first + ky * rowStride + kx * c;
              for (int ch = 0; ch < c; ch++) {
                float v = x[xOff + at + ch];
                if (v > z[o + ch]) {
                  z[o + ch] = v;
                  winners[o + ch] = at + ch;
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void backward(float[] params, int off, float[] x, float[] dz, int rows, float[] grad,
      float[] dx, Scratch s) {
    if (dx == null) {
      return;
    }
    int[] winners = ((Winners) s).winners;
    Arrays.fill(dx, 0, rows * in.size(), 0f);
    for (int r = 0; r < rows; r++) {
      int xOff = r * in.size();
      int zOff = r * out.size();
      for (int o = 0; o < out.size(); o++) {
        dx[xOff + winners[zOff + o]] += dz[zOff + o];
      }
    }
  }

  /** Per output value of the last forward pass, the index of its winner within its row. */
  private static final class Winners implements Scratch {
    private int[] winners = new int[0];

    int[] ensure(int size) {
      if (winners.length < size) {
        winners = new int[size];
      }
      return winners;
    }
  }
}
