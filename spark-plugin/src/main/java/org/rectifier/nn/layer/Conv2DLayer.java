package org.rectifier.nn.layer;

import java.util.Arrays;
import java.util.Locale;
import org.rectifier.kernel.Blas;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.conv.Padding;
import org.rectifier.nn.conv.Patches;

/**
 * A 2-D convolution over channels-last images, as Keras's {@code Conv2D}: {@code filters}
 * kernels of {@code kh x kw} over all input channels, a stride, {@code valid} or {@code same}
 * padding, one bias per filter.
 *
 * <p>Its view of the flat parameters is the kernel in Keras's layout {@code [kh][kw][in][out]}
 * (HWIO), then the {@code filters} biases, then the activation's (PReLU: one slope per filter).
 * HWIO is the row-major {@code (kh*kw*in) x out} matrix that the im2col rows of HWC images
 * multiply by, so the GEMMs read it in place. {@link org.rectifier.nn.conv.KernelLayouts}
 * converts to and from PyTorch's {@code [out][in][kh][kw]}.
 *
 * <p>The passes lower a chunk of images at a time to patch rows ({@link Patches}) and run one
 * GEMM over the whole chunk: forward {@code z = patches K}, backward {@code dK += patches^T dz}
 * and {@code dpatches = dz K^T} folded back onto the input. A batch whose patch matrix fits
 * {@value #KEEP_FLOATS} floats is one chunk, and backward reuses the matrix forward built;
 * a larger one runs in chunks of as many images as fit {@value #CHUNK_FLOATS} floats (at least
 * one) and is lowered again in backward, which keeps the scratch bounded while the GEMMs stay
 * large.
 */
public final class Conv2DLayer extends Layer {

  private static final long serialVersionUID = 1L;
  /** Patch-matrix budget of one chunk: 16 MB of floats. */
  static final int CHUNK_FLOATS = 1 << 22;
  /**
   * A batch whose patch rows fit in this many floats (64 MB) is lowered once: forward keeps its
   * patch matrix for backward, which then skips the second im2col.
   */
  static final int KEEP_FLOATS = 1 << 24;

  private final ImageShape in;
  private final ImageShape out;
  private final int kh;
  private final int kw;
  private final int stride;
  private final Padding padding;
  private final Patches patches;
  private int chunkFloats = CHUNK_FLOATS;
  private int keepFloats = KEEP_FLOATS;

  /**
   * @param activation applied to the output; null for none
   * @throws IllegalArgumentException when the output would have no pixels (a window larger than
   *     a {@code valid}-padded input), naming the shapes
   */
  public Conv2DLayer(ImageShape in, int filters, int kh, int kw, int stride, Padding padding,
      Activation activation) {
    super(in.size(), outShape(in, filters, kh, kw, stride, padding).size(), activation);
    this.in = in;
    this.out = outShape(in, filters, kh, kw, stride, padding);
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.padding = padding;
    this.patches = new Patches(in, out.height(), out.width(), kh, kw, stride,
        padding.padBefore(in.height(), kh, stride), padding.padBefore(in.width(), kw, stride));
  }

  private static ImageShape outShape(ImageShape in, int filters, int kh, int kw, int stride,
      Padding padding) {
    if (filters <= 0 || kh <= 0 || kw <= 0 || stride <= 0) {
      throw new IllegalArgumentException("conv2d needs filters, kernel size and stride > 0; got "
          + filters + " filters, " + kh + "x" + kw + ", stride " + stride);
    }
    int outH = padding.outLength(in.height(), kh, stride);
    int outW = padding.outLength(in.width(), kw, stride);
    if (outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("conv2d " + kh + "x" + kw + " (stride " + stride + ", "
          + padding.name().toLowerCase(Locale.ROOT) + ") does not fit a " + in
          + " input: the output would be " + outH + "x" + outW);
    }
    return new ImageShape(outH, outW, filters);
  }

  /** The input image shape. */
  public ImageShape inShape() {
    return in;
  }

  /** The output image shape. */
  public ImageShape outImage() {
    return out;
  }

  /** Kernel height. */
  public int kernelHeight() {
    return kh;
  }

  /** Kernel width. */
  public int kernelWidth() {
    return kw;
  }

  /** Step between windows. */
  public int stride() {
    return stride;
  }

  /** Border treatment. */
  public Padding padding() {
    return padding;
  }

  /** Values in one patch: {@code kh * kw * in channels}. */
  public int patchSize() {
    return patches.patchSize();
  }

  @Override
  public String kind() {
    return "conv2d";
  }

  @Override
  public String spec() {
    StringBuilder s = new StringBuilder("conv2d(").append(out.channels()).append(',')
        .append(kh).append('x').append(kw);
    s.append(activationSpec());
    if (stride != 1) {
      s.append(",stride=").append(stride);
    }
    if (padding != Padding.VALID) {
      s.append(",padding=").append(padding.name().toLowerCase(Locale.ROOT));
    }
    return s.append(')').toString();
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
  public int numWeights() {
    return patchSize() * out.channels();
  }

  @Override
  public int numBiases() {
    return out.channels();
  }

  @Override
  public int fanIn() {
    return patchSize();
  }

  @Override
  public int fanOut() {
    return kh * kw * out.channels();
  }

  @Override
  public Scratch newScratch() {
    return new PatchScratch();
  }

  /** Images per chunk for a batch of {@code rows}. */
  int chunk(int rows) {
    if ((long) rows * patches.perImage() <= Math.max(chunkFloats, keepFloats)) {
      return rows;
    }
    return Math.max(1, Math.min(rows, chunkFloats / patches.perImage()));
  }

  /** Lowers the chunk budget, so that tests see batches split into chunks. */
  void setChunkFloats(int floats) {
    chunkFloats = floats;
    keepFloats = floats;
  }

  @Override
  public void forward(float[] params, int off, float[] x, int rows, float[] z, Scratch s) {
    int k = patchSize();
    int f = out.channels();
    int pixels = out.height() * out.width();
    int chunk = chunk(rows);
    PatchScratch scratch = (PatchScratch) s;
    float[] p = scratch.patches(chunk * patches.perImage());
    int bias = off + k * f;
    for (int r = 0; r < rows; r += chunk) {
      int n = Math.min(chunk, rows - r);
      patches.gather(x, r * in.size(), n, p);
      Blas.sgemm(false, false, n * pixels, f, k, 1f, p, 0, k, params, off, f, 0f,
          z, r * out.size(), f);
    }
    scratch.keep(chunk == rows ? x : null, rows);
    for (int q = 0, end = rows * pixels; q < end; q++) {
      int base = q * f;
      for (int c = 0; c < f; c++) {
        z[base + c] += params[bias + c];
      }
    }
  }

  @Override
  public void backward(float[] params, int off, float[] x, float[] dz, int rows, float[] grad,
      float[] dx, Scratch s) {
    int k = patchSize();
    int f = out.channels();
    int pixels = out.height() * out.width();
    int chunk = chunk(rows);
    PatchScratch scratch = (PatchScratch) s;
    float[] p = scratch.patches(chunk * patches.perImage());
    boolean kept = scratch.holds(x, rows);
    scratch.keep(null, 0);
    int bias = off + k * f;
    if (dx != null) {
      Arrays.fill(dx, 0, rows * in.size(), 0f);
    }
    for (int r = 0; r < rows; r += chunk) {
      int n = Math.min(chunk, rows - r);
      if (!kept) {
        patches.gather(x, r * in.size(), n, p);
      }
      Blas.sgemm(true, false, k, f, n * pixels, 1f, p, 0, k, dz, r * out.size(), f, 1f,
          grad, off, f);
      if (dx != null) {
        Blas.sgemm(false, true, n * pixels, k, f, 1f, dz, r * out.size(), f, params, off, f, 0f,
            p, 0, k);
        patches.scatterAdd(p, n, dx, r * in.size());
      }
    }
    for (int q = 0, end = rows * pixels; q < end; q++) {
      int base = q * f;
      for (int c = 0; c < f; c++) {
        grad[bias + c] += dz[base + c];
      }
    }
  }

  /**
   * One thread's patch matrix, grown on demand, and which input it holds the whole lowering of
   * (forward leaves it for backward when the batch was one chunk).
   */
  private static final class PatchScratch implements Scratch {
    private float[] patches = new float[0];
    private float[] keptInput;
    private int keptRows;

    float[] patches(int size) {
      if (patches.length < size) {
        patches = new float[size];
      }
      return patches;
    }

    void keep(float[] input, int rows) {
      keptInput = input;
      keptRows = rows;
    }

    /** Whether the matrix holds the patches of exactly these rows of {@code input}. */
    boolean holds(float[] input, int rows) {
      return input == keptInput && rows == keptRows;
    }
  }
}
