package org.rectifier.nn.conv;

import java.util.Arrays;

/**
 * The im2col lowering of a convolution over channels-last images, and its adjoint: every output
 * pixel's window laid out as one row of {@code kh * kw * channels} values, in the order of a
 * Keras {@code [kh][kw][in][out]} kernel, so that a convolution becomes one GEMM of the patch
 * rows by the kernel. Windows copy whole pixels (all channels) at a time.
 *
 * @param in the input image shape
 * @param outH output rows
 * @param outW output columns
 * @param kh window height
 * @param kw window width
 * @param stride step between windows
 * @param padTop zeros above the image
 * @param padLeft zeros left of the image
 */
public record Patches(ImageShape in, int outH, int outW, int kh, int kw, int stride, int padTop,
    int padLeft) implements java.io.Serializable {

  /** Values in one patch row. */
  public int patchSize() {
    return kh * kw * in.channels();
  }

  /** Floats of the patch rows of one image. */
  public int perImage() {
    return outH * outW * patchSize();
  }

  /**
   * Writes the patch rows of {@code count} images, the first at {@code x[xOff]}, into
   * {@code patches} (zeros where a window leaves the image).
   */
  public void gather(float[] x, int xOff, int count, float[] patches) {
    for (int i = 0; i < count; i++) {
      walk(x, xOff + i * in.size(), patches, i * perImage(), true);
    }
  }

  /** The adjoint of {@link #gather}: adds each patch entry onto its pixel of {@code dx}. */
  public void scatterAdd(float[] patches, int count, float[] dx, int dxOff) {
    for (int i = 0; i < count; i++) {
      walk(dx, dxOff + i * in.size(), patches, i * perImage(), false);
    }
  }

  private void walk(float[] image, int off, float[] patches, int at, boolean gather) {
    int c = in.channels();
    int run = kw * c;
    for (int oy = 0; oy < outH; oy++) {
      for (int ox = 0; ox < outW; ox++) {
        int ix0 = ox * stride - padLeft;
        boolean rowFits = ix0 >= 0 && ix0 + kw <= in.width();
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * stride + ky - padTop;
          boolean rowInside = iy >= 0 && iy < in.height();
          if (rowInside && rowFits) {
            // The window's kw pixels of this row are kw * c contiguous values: one copy.
            int pixel = off + (iy * in.width() + ix0) * c;
            if (gather) {
              System.arraycopy(image, pixel, patches, at, run);
            } else {
              for (int i = 0; i < run; i++) {
                image[pixel + i] += patches[at + i];
              }
            }
            at += run;
            continue;
          }
          for (int kx = 0; kx < kw; kx++) {
            int ix = ix0 + kx;
            boolean inside = rowInside && ix >= 0 && ix < in.width();
            int pixel = off + (iy * in.width() + ix) * c;
            if (gather) {
              if (inside) {
                System.arraycopy(image, pixel, patches, at, c);
              } else {
                Arrays.fill(patches, at, at + c, 0f);
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
