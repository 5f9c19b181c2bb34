package org.rectifier.nn.conv;

/**
 * Conversions between {@link org.rectifier.nn.layer.Conv2DLayer}'s kernel layout, Keras's {@code [kh][kw][in][out]} (HWIO),
 * and PyTorch's {@code [out][in][kh][kw]} (OIHW), so that kernels trained in either framework
 * load into the other. Biases are laid out the same in both.
 */
public final class KernelLayouts {

  private KernelLayouts() {}

  /** A PyTorch-layout kernel ({@code [out][in][kh][kw]}) in Keras's layout. */
  public static float[] fromPyTorch(float[] oihw, int out, int in, int kh, int kw) {
    check(oihw, out, in, kh, kw);
    float[] hwio = new float[oihw.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            hwio[((y * kw + x) * in + i) * out + o] = oihw[((o * in + i) * kh + y) * kw + x];
          }
        }
      }
    }
    return hwio;
  }

  /** A Keras-layout kernel ({@code [kh][kw][in][out]}) in PyTorch's layout. */
  public static float[] toPyTorch(float[] hwio, int out, int in, int kh, int kw) {
    check(hwio, out, in, kh, kw);
    float[] oihw = new float[hwio.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            oihw[((o * in + i) * kh + y) * kw + x] = hwio[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return oihw;
  }

  private static void check(float[] kernel, int out, int in, int kh, int kw) {
    long expected = (long) out * in * kh * kw;
    if (kernel.length != expected) {
      throw new IllegalArgumentException("a " + kh + "x" + kw + " kernel from " + in + " to "
          + out + " channels has " + expected + " values; got " + kernel.length);
    }
  }
}
