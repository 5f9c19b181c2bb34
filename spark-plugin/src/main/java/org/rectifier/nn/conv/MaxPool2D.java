package org.rectifier.nn.conv;

/**
 * Max pooling over {@code ph x pw} windows of each channel, as Keras's {@code MaxPooling2D} with
 * its defaults: the stride is the window, and windows must fit ({@code valid}), so the output is
 * {@code floor(h / ph) x floor(w / pw)}. No parameters. The forward pass remembers which input
 * won each window (the first on ties), and the backward pass routes the gradient there only.
 */
public final class MaxPool2D {

  private final ImageShape in;
  private final ImageShape out;
  private final int ph;
  private final int pw;
  /** Per output value of the last forward pass, the index of its winner within the row. */
  private int[] winners = new int[0];

  /** @throws IllegalArgumentException when the window is larger than the image */
  public MaxPool2D(ImageShape in, int ph, int pw) {
    if (ph <= 0 || pw <= 0) {
      throw new IllegalArgumentException("maxpool needs a window > 0; got " + ph + "x" + pw);
    }
    if (in.height() / ph == 0 || in.width() / pw == 0) {
      throw new IllegalArgumentException("maxpool " + ph + "x" + pw + " does not fit a " + in
          + " input: the output would be " + in.height() / ph + "x" + in.width() / pw);
    }
    this.in = in;
    this.out = new ImageShape(in.height() / ph, in.width() / pw, in.channels());
    this.ph = ph;
    this.pw = pw;
  }

  /** The input image shape. */
  public ImageShape inShape() {
    return in;
  }

  /** The output image shape. */
  public ImageShape outShape() {
    return out;
  }

  /** {@code y = maxpool(x)} for {@code rows} images, remembering each window's winner. */
  public void forward(float[] x, int rows, float[] y) {
    if (winners.length < rows * out.size()) {
      winners = new int[rows * out.size()];
    }
    int c = in.channels();
    for (int r = 0; r < rows; r++) {
      int xOff = r * in.size();
      int yOff = r * out.size();
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          for (int ch = 0; ch < c; ch++) {
            int best = ((oy * ph) * in.width() + ox * pw) * c + ch;
            float max = x[xOff + best];
            for (int ky = 0; ky < ph; ky++) {
              for (int kx = 0; kx < pw; kx++) {
                int i = ((oy * ph + ky) * in.width() + ox * pw + kx) * c + ch;
                if (x[xOff + i] > max) {
                  max = x[xOff + i];
                  best = i;
                }
              }
            }
            int o = (oy * out.width() + ox) * c + ch;
            y[yOff + o] = max;
            winners[yOff + o] = best;
          }
        }
      }
    }
  }

  /** d(loss)/d(x) from d(loss)/d(y), for the images of the last {@link #forward}. */
  public void backward(float[] dy, int rows, float[] dx) {
    java.util.Arrays.fill(dx, 0, rows * in.size(), 0f);
    for (int r = 0; r < rows; r++) {
      int xOff = r * in.size();
      int yOff = r * out.size();
      for (int o = 0; o < out.size(); o++) {
        dx[xOff + winners[yOff + o]] += dy[yOff + o];
      }
    }
  }
}
