package org.rectifier.nn.conv;

import org.rectifier.kernel.Blas;

/**
 * A 2-D convolution over a block of channels-last images, as Keras's {@code Conv2D}: kernels of
 * {@code kh x kw} over all input channels, {@code filters} outputs per position, a stride and
 * {@code valid} or {@code same} padding, plus one bias per filter. No activation: the network
 * applies it to the output as for dense layers.
 *
 * <p>Its parameters are a view of the flat parameter array: the kernel in Keras's layout
 * {@code [kh][kw][in][out]} (HWIO), then the {@code filters} biases. That layout is the one a
 * GEMM over im2col patches of HWC images wants: each output pixel is its patch (a row of
 * {@code kh * kw * in} values in the same order) times the kernel as a {@code (kh*kw*in) x out}
 * matrix. {@link KernelLayouts} converts to and from PyTorch's {@code [out][in][kh][kw]}.
 *
 * <p>Forward and backward run one image at a time through a patch matrix of
 * {@code outH*outW x kh*kw*in} floats (the caller's scratch), so each image is two GEMMs forward
 * and three backward, never a per-pixel loop over kernels.
 */
public final class Conv2D {

  private final ImageShape in;
  private final ImageShape out;
  private final int kh;
  private final int kw;
  private final int stride;
  private final int padTop;
  private final int padLeft;

  /**
   * @throws IllegalArgumentException when the output would have no pixels (a window larger than
   *     a {@code valid}-padded input), naming the shapes
   */
  public Conv2D(ImageShape in, int filters, int kh, int kw, int stride, Padding padding) {
    if (filters <= 0 || kh <= 0 || kw <= 0 || stride <= 0) {
      throw new IllegalArgumentException("conv2d needs filters, kernel size and stride > 0; got "
          + filters + " filters, " + kh + "x" + kw + ", stride " + stride);
    }
    int outH = padding.outLength(in.height(), kh, stride);
    int outW = padding.outLength(in.width(), kw, stride);
    if (outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("conv2d " + kh + "x" + kw + " (stride " + stride + ", "
          + padding.name().toLowerCase(java.util.Locale.ROOT) + ") does not fit a " + in
          + " input: the output would be " + outH + "x" + outW);
    }
    this.in = in;
    this.out = new ImageShape(outH, outW, filters);
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.padTop = padding.padBefore(in.height(), kh, stride);
    this.padLeft = padding.padBefore(in.width(), kw, stride);
  }

  /** The input image shape. */
  public ImageShape inShape() {
    return in;
  }

  /** The output image shape. */
  public ImageShape outShape() {
    return out;
  }

  /** Kernel values then biases. */
  public int numParams() {
    return patchSize() * out.channels() + out.channels();
  }

  /** Values in one patch: {@code kh * kw * in channels}. */
  public int patchSize() {
    return kh * kw * in.channels();
  }

  /** Floats of scratch the passes need: one image's patch matrix. */
  public int scratchSize() {
    return out.height() * out.width() * patchSize();
  }

  /**
   * {@code y = conv(x)} for {@code rows} images.
   *
   * @param params the flat parameters; this layer's from {@code off}
   * @param x {@code rows x in.size()} images
   * @param y receives {@code rows x out.size()}
   * @param patches scratch of at least {@link #scratchSize()}
   */
  public void forward(float[] params, int off, float[] x, int rows, float[] y,
      float[] patches) {
    int pixels = out.height() * out.width();
    int k = patchSize();
    int f = out.channels();
    for (int r = 0; r < rows; r++) {
      im2col(x, r * in.size(), patches);
      Blas.sgemm(false, false, pixels, f, k, 1f, patches, 0, k, params, off, f, 0f,
          y, r * out.size(), f);
      int bias = off + k * f;
      for (int p = 0; p < pixels; p++) {
        int base = r * out.size() + p * f;
        for (int c = 0; c < f; c++) {
          y[base + c] += params[bias + c];
        }
      }
    }
  }

  /**
   * Accumulates this layer's parameter gradient into {@code grad} (from {@code off}) and, if
   * {@code dx} is not null, writes d(loss)/d(x) into it.
   *
   * @param dy d(loss)/d(y), {@code rows x out.size()}
   */
  public void backward(float[] params, int off, float[] x, float[] dy, int rows, float[] grad,
      float[] dx, float[] patches) {
    int pixels = out.height() * out.width();
    int k = patchSize();
    int f = out.channels();
    int bias = off + k * f;
    if (dx != null) {
      java.util.Arrays.fill(dx, 0, rows * in.size(), 0f);
    }
    for (int r = 0; r < rows; r++) {
      im2col(x, r * in.size(), patches);
      // dW += patches^T dy_r
      Blas.sgemm(true, false, k, f, pixels, 1f, patches, 0, k, dy, r * out.size(), f, 1f,
          grad, off, f);
      for (int p = 0; p < pixels; p++) {
        int base = r * out.size() + p * f;
        for (int c = 0; c < f; c++) {
          grad[bias + c] += dy[base + c];
        }
      }
      if (dx != null) {
        // d(patches) = dy_r W^T, then each patch entry adds back onto the pixel it came from.
        Blas.sgemm(false, true, pixels, k, f, 1f, dy, r * out.size(), f, params, off, f, 0f,
            patches, 0, k);
        col2im(patches, dx, r * in.size());
      }
    }
  }

  /** The patch of every output pixel, zeros where the window leaves the image. */
  private void im2col(float[] x, int xOff, float[] patches) {
    walkPatches(x, xOff, patches, true);
  }

  /** The adjoint of {@link #im2col}: adds each patch entry onto its pixel of {@code dx}. */
  private void col2im(float[] patches, float[] dx, int dxOff) {
    walkPatches(dx, dxOff, patches, false);
  }

  /**
   * Visits every output pixel's window, one input pixel (all its channels) at a time: copies
   * the pixel into the patch matrix ({@code gather}), or adds the patch entries back onto it.
   */
  private void walkPatches(float[] image, int off, float[] patches, boolean gather) {
    int c = in.channels();
    int at = 0;
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * stride + ky - padTop;
          for (int kx = 0; kx < kw; kx++) {
            int ix = ox * stride + kx - padLeft;
            boolean inside = iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width();
            int pixel = off + (iy * in.width() + ix) * c;
            if (gather) {
              if (inside) {
                System.arraycopy(image, pixel, patches, at, c);
              } else {
                java.util.Arrays.fill(patches, at, at + c, 0f);
              }
            } else if (inside) {
              for (int ch = 0; ch < c; ch++) {
                image[pixel + ch] += patches[at + ch];
              }
            }
            at += c;
          }
        }
      }
    }
  }
}
