package org.rectifier.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.conv.KernelLayouts;
import org.rectifier.nn.conv.Padding;

/**
 * The convolution layers against direct loops written from their definitions (in double, with
 * the kernel indexed as PyTorch's OIHW through {@link KernelLayouts}): outputs, every gradient,
 * the same-padding split, strides, and the shape errors.
 */
class ConvLayersTest {

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Direct convolution, Keras semantics, kernel in PyTorch's OIHW layout. */
  private static double[] direct(float[] x, ImageShape in, float[] oihw, float[] bias, int f,
      int kh, int kw, int stride, Padding padding, ImageShape out) {
    int padTop = padding.padBefore(in.height(), kh, stride);
    int padLeft = padding.padBefore(in.width(), kw, stride);
    double[] y = new double[out.size()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int o = 0; o < f; o++) {
          double s = bias[o];
          for (int i = 0; i < in.channels(); i++) {
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * stride + ky - padTop;
                int ix = ox * stride + kx - padLeft;
                if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                  s += x[(iy * in.width() + ix) * in.channels() + i]
                      * oihw[((o * in.channels() + i) * kh + ky) * kw + kx];
                }
              }
            }
          }
          y[(oy * out.width() + ox) * f + o] = s;
        }
      }
    }
    return y;
  }

  @Test
  void forwardAndEveryGradientMatchDirectLoops() {
    Random r = new Random(5);
    Object[][] cases = {
        {new ImageShape(7, 6, 3), 4, 3, 3, 1, Padding.VALID},
        {new ImageShape(7, 6, 3), 4, 3, 3, 1, Padding.SAME},
        {new ImageShape(8, 7, 2), 3, 3, 2, 2, Padding.SAME},
        {new ImageShape(9, 9, 1), 2, 5, 5, 2, Padding.VALID}};
    for (Object[] c : cases) {
      ImageShape in = (ImageShape) c[0];
      int f = (int) c[1];
      int kh = (int) c[2];
      int kw = (int) c[3];
      int stride = (int) c[4];
      Padding padding = (Padding) c[5];
      Conv2DLayer conv = new Conv2DLayer(in, f, kh, kw, stride, padding, null);
      // Two images per chunk: the three rows take two chunks.
      conv.setChunkFloats(2 * conv.outImage().size() / f * conv.patchSize());
      ImageShape out = conv.outImage();
      assertEquals(padding == Padding.SAME ? (in.height() + stride - 1) / stride
          : (in.height() - kh) / stride + 1, out.height(), "output height");
      int rows = 3;
      float[] x = random(r, rows * in.size());
      float[] oihw = random(r, f * in.channels() * kh * kw);
      float[] bias = random(r, f);
      float[] params = new float[3 + conv.numParams()];
      System.arraycopy(KernelLayouts.fromPyTorch(oihw, f, in.channels(), kh, kw), 0, params, 3,
          oihw.length);
      System.arraycopy(bias, 0, params, 3 + oihw.length, f);
      float[] y = new float[rows * out.size()];
      Layer.Scratch scratch = conv.newScratch();
      conv.forward(params, 3, x, rows, y, scratch);
      String name = in + " " + kh + "x" + kw + "/" + stride + " " + padding;
      for (int row = 0; row < rows; row++) {
        float[] xr = java.util.Arrays.copyOfRange(x, row * in.size(), (row + 1) * in.size());
        double[] expected = direct(xr, in, oihw, bias, f, kh, kw, stride, padding, out);
        for (int i = 0; i < out.size(); i++) {
          assertEquals(expected[i], y[row * out.size() + i], 1e-4, name + " output " + i);
        }
      }

      // A loss sum(y * g): its gradients, from the direct definition, against backward().
      float[] g = random(r, rows * out.size());
      float[] grad = new float[params.length];
      float[] dx = new float[rows * in.size()];
      conv.backward(params, 3, x, g, rows, grad, dx, scratch);
      double h = 1e-2;
      for (int probe = 0; probe < 12; probe++) {
        int p = 3 + r.nextInt(conv.numParams());
        assertEquals(numeric(conv, params, x, rows, g, p, h, true), grad[p],
            2e-2 * Math.max(1, Math.abs(grad[p])), name + " d/dparam " + p);
        int i = r.nextInt(x.length);
        assertEquals(numeric(conv, params, x, rows, g, i, h, false), dx[i],
            2e-2 * Math.max(1, Math.abs(dx[i])), name + " d/dx " + i);
      }
      assertEquals(0f, grad[0], "outside its view the gradient is untouched");
    }
  }

  /** Central difference of sum(y * g) in parameter (or input) {@code i}; linear, so exact-ish. */
  private static double numeric(Conv2DLayer conv, float[] params, float[] x, int rows, float[] g,
      int i, double h, boolean param) {
    float[] p = params.clone();
    float[] xx = x.clone();
    float[] target = param ? p : xx;
    float saved = target[i];
    target[i] = (float) (saved + h);
    double plus = loss(conv, p, xx, rows, g);
    target[i] = (float) (saved - h);
    double minus = loss(conv, p, xx, rows, g);
    return (plus - minus) / (2 * h);
  }

  private static double loss(Conv2DLayer conv, float[] params, float[] x, int rows, float[] g) {
    float[] y = new float[rows * conv.outImage().size()];
    conv.forward(params, 3, x, rows, y, conv.newScratch());
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += (double) y[i] * g[i];
    }
    return s;
  }

  @Test
  void aConvolutionWorkedOutByHand() {
    // A 3x3 one-channel image 1..9 and one 2x2 kernel [[1, 2], [3, 4]] with bias 0.5, valid:
    // top-left 1*1 + 2*2 + 4*3 + 5*4 + 0.5 = 37.5, then 47.5, 67.5, 77.5. Then 2x2 max pooling of
    // that 2x2 map keeps 77.5. And with two filters the second (kernel of ones, bias 0) sums
    // each window: 12, 16, 24, 28, interleaved with the first channel-last.
    Conv2DLayer conv = new Conv2DLayer(new ImageShape(3, 3, 1), 2, 2, 2, 1, Padding.VALID, null);
    // HWIO: entry (ky, kx, 0, o) at (ky * 2 + kx) * 2 + o; then the two biases.
    float[] params = {1, 1, 2, 1, 3, 1, 4, 1, 0.5f, 0};
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] y = new float[8];
    conv.forward(params, 0, x, 1, y, conv.newScratch());
    assertArrayEquals(new float[] {37.5f, 12, 47.5f, 16, 67.5f, 24, 77.5f, 28}, y);
    MaxPoolLayer pool = new MaxPoolLayer(conv.outImage(), 2, 2);
    float[] pooled = new float[2];
    pool.forward(null, 0, y, 1, pooled, pool.newScratch());
    assertArrayEquals(new float[] {77.5f, 28}, pooled);
  }

  @Test
  void samePaddingPutsTheOddZeroAfterTheImageAsTensorFlowDoes() {
    assertEquals(1, Padding.SAME.padBefore(7, 3, 1), "3x3, stride 1: one zero each side");
    assertEquals(1, Padding.SAME.padBefore(9, 4, 1), "three zeros: one before, two after");
    assertEquals(0, Padding.SAME.padBefore(8, 3, 2), "one zero, after the image");
    assertEquals(4, Padding.SAME.outLength(8, 3, 2));
    assertEquals(0, Padding.VALID.padBefore(9, 4, 1));
    assertEquals(0, Padding.VALID.outLength(2, 3, 2), "a window wider than the image fits none");
  }

  @Test
  void kernelLayoutsRoundTripAndAKerasKernelGivesThePyTorchOutputs() {
    Random r = new Random(9);
    float[] oihw = random(r, 4 * 3 * 3 * 2);
    float[] hwio = KernelLayouts.fromPyTorch(oihw, 4, 3, 3, 2);
    assertArrayEquals(oihw, KernelLayouts.toPyTorch(hwio, 4, 3, 3, 2));
    // Entry (o=1, i=2, y=0, x=1) of OIHW is entry (y=0, x=1, i=2, o=1) of HWIO.
    assertEquals(oihw[((1 * 3 + 2) * 3 + 0) * 2 + 1], hwio[((0 * 2 + 1) * 3 + 2) * 4 + 1]);
    assertThrows(IllegalArgumentException.class,
        () -> KernelLayouts.fromPyTorch(new float[5], 4, 3, 3, 2));
  }

  @Test
  void maxPoolTakesEachWindowsMaximumAndRoutesTheGradientToIt() {
    ImageShape in = new ImageShape(5, 4, 2);
    MaxPoolLayer pool = new MaxPoolLayer(in, 2, 2);
    assertEquals(new ImageShape(2, 2, 2), pool.outImage(), "floor(5/2) x floor(4/2)");
    Layer.Scratch s = pool.newScratch();
    Random r = new Random(3);
    float[] x = random(r, 2 * in.size());
    float[] y = new float[2 * pool.outImage().size()];
    pool.forward(null, 0, x, 2, y, s);
    float[] dy = random(r, y.length);
    float[] dx = new float[x.length];
    pool.backward(null, 0, x, dy, 2, null, dx, s);
    for (int row = 0; row < 2; row++) {
      for (int oy = 0; oy < 2; oy++) {
        for (int ox = 0; ox < 2; ox++) {
          for (int c = 0; c < 2; c++) {
            float max = Float.NEGATIVE_INFINITY;
            int arg = -1;
            for (int ky = 0; ky < 2; ky++) {
              for (int kx = 0; kx < 2; kx++) {
                int i = row * in.size() + ((oy * 2 + ky) * 4 + ox * 2 + kx) * 2 + c;
                if (x[i] > max) {
                  max = x[i];
                  arg = i;
                }
              }
            }
            int o = row * 8 + (oy * 2 + ox) * 2 + c;
            assertEquals(max, y[o]);
            assertEquals(dy[o], dx[arg], "the window's gradient goes to its maximum");
          }
        }
      }
    }
    double total = 0;
    for (float v : dx) {
      total += v;
    }
    double expected = 0;
    for (float v : dy) {
      expected += v;
    }
    assertEquals(expected, total, 1e-5, "and nowhere else");
  }

  @Test
  void shapesThatVanishFailNamingTheShapes() {
    IllegalArgumentException conv = assertThrows(IllegalArgumentException.class,
        () -> new Conv2DLayer(new ImageShape(2, 2, 8), 16, 3, 3, 1, Padding.VALID, null));
    assertTrue(conv.getMessage().contains("conv2d 3x3 (stride 1, valid) does not fit a 2x2x8"
        + " input: the output would be 0x0"), conv.getMessage());
    // With same padding the same kernel fits.
    assertEquals(new ImageShape(2, 2, 16),
        new Conv2DLayer(new ImageShape(2, 2, 8), 16, 3, 3, 1, Padding.SAME, null).outImage());
    IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
        () -> new MaxPoolLayer(new ImageShape(1, 4, 3), 2, 2));
    assertTrue(pool.getMessage().contains("maxpool 2x2 does not fit a 1x4x3 input"),
        pool.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImageShape(0, 3, 1));
  }
}
