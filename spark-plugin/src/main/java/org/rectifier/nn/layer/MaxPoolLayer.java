package org.rectifier.nn.layer;

import java.util.Arrays;
import org.rectifier.kernel.Blend;
import org.rectifier.nn.conv.ImageShape;

/**
 * Max pooling over {@code ph x pw} windows of each channel, as Keras's {@code MaxPooling2D} with
 * its defaults: the stride is the window, and windows must fit ({@code valid}), so the output is
 * {@code floor(h / ph) x floor(w / pw)}. No parameters. The gradient of each output goes to the
 * input that won its window (the first on ties) and nowhere else.
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
  public void forward(float[] params, int off, float[] x, int rows, float[] z, Scratch s) {
    ((Outputs) s).z = z;
    int c = in.channels();
    int rowStride = in.width() * c;
    for (int r = 0; r < rows; r++) {
      int xOff = r * in.size();
      int zOff = r * out.size();
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          int first = xOff + (oy * ph * in.width() + ox * pw) * c;
          int o = zOff + (oy * out.width() + ox) * c;
          System.arraycopy(x, first, z, o, c);
          // Channels innermost: each window pixel is a contiguous run of c values, so the max
          // runs over whole pixels (and vectorizes) instead of one channel at a time.
          for (int ky = 0; ky < ph; ky++) {
            for (int kx = ky == 0 ? 1 : 0; kx < pw; kx++) {
              int at = first + ky * rowStride + kx * c;
              for (int ch = 0; ch < c; ch++) {
                z[o + ch] = Math.max(z[o + ch], x[at + ch]);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Routes each output's gradient to its window's first maximum, found again by comparing the
   * inputs with the output in window order ({@link Blend#routeToMax}, a pixel's channels at a
   * time). Windows do not overlap, so each input's gradient is written once; inputs no window
   * covers (the cropped border) get 0.
   */
  @Override
  public void backward(float[] params, int off, float[] x, float[] dz, int rows, float[] grad,
      float[] dx, Scratch s) {
    if (dx == null) {
      return;
    }
    Outputs kept = (Outputs) s;
    float[] z = kept.z;
    int c = in.channels();
    float[] rest = kept.rest(c);
    int rowStride = in.width() * c;
    if (in.height() % ph != 0 || in.width() % pw != 0) {
      Arrays.fill(dx, 0, rows * in.size(), 0f);
    }
    for (int r = 0; r < rows; r++) {
      int xOff = r * in.size();
      int zOff = r * out.size();
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          int first = xOff + (oy * ph * in.width() + ox * pw) * c;
          int o = zOff + (oy * out.width() + ox) * c;
          System.arraycopy(dz, o, rest, 0, c);
          for (int ky = 0; ky < ph; ky++) {
            for (int kx = 0; kx < pw; kx++) {
              Blend.routeToMax(x, z, o, rest, dx, first + ky * rowStride + kx * c, c);
            }
          }
        }
      }
    }
  }

  @Override
  public Scratch newScratch() {
    return new Outputs();
  }

  /**
   * The output array of the last forward pass, which backward compares the inputs with, and a
   * pixel's worth of gradient still to route.
   */
  private static final class Outputs implements Scratch {
    private float[] z;
    private float[] rest = new float[0];

    /** A pixel's worth of gradient not yet routed. */
    float[] rest(int c) {
      if (rest.length < c) {
        rest = new float[c];
      }
      return rest;
    }
  }
}
