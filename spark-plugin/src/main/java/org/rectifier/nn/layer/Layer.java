package org.rectifier.nn.layer;

import java.io.Serializable;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Identity;

/**
 * One layer of a sequential network (as a Keras {@code Sequential} entry or a PyTorch module):
 * what it computes over a block of rows, the shape it turns its input into, and how many
 * parameters it owns in the network's one flat array.
 *
 * <p>A layer is an immutable description, shared by every thread and shipped to executors; the
 * per-thread state some passes need (a convolution's patch matrix, a pooling's winners) lives in
 * a {@link Scratch} the {@link org.rectifier.nn.Network} owns. Its parameters are a view of the
 * flat array from an offset the {@link org.rectifier.nn.Topology} assigns: the connection weights
 * first (the only ones penalties touch), then the biases, then the activation's own (PReLU slopes).
 *
 * <p>{@link #forward} writes the pre-activation {@code z}; the network applies {@link #activation}
 * to it over the block seen as {@code rows * positions() x units()}, so an activation with one
 * parameter per unit has one per channel in a convolution, as Keras's {@code shared_axes}.
 */
public abstract class Layer implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Activation NONE = new Identity();

  private final int inSize;
  private final int outSize;
  private final Activation activation;

  /**
   * @param activation applied to the output; null for none (identity)
   */
  protected Layer(int inSize, int outSize, Activation activation) {
    this.inSize = inSize;
    this.outSize = outSize;
    this.activation = activation == null ? NONE : activation;
  }

  /** The kind as users write it in an architecture: dense, conv2d, maxpool, flatten. */
  public abstract String kind();

  /** This layer in the architecture syntax, e.g. {@code conv2d(32,3x3,relu)}. */
  public abstract String spec();

  /** The output shape as a summary shows it: {@code 62x62x32} or {@code 128}. */
  public abstract String outShape();

  /** Values per row going in. */
  public final int inSize() {
    return inSize;
  }

  /** Values per row coming out. */
  public final int outSize() {
    return outSize;
  }

  /** The activation of the output; {@link Identity} when the layer has none. */
  public final Activation activation() {
    return activation;
  }

  /** Whether the layer has an activation (identity counts as none). */
  public final boolean activates() {
    return !(activation instanceof Identity);
  }

  /** Columns the activation sees: units of a dense layer, channels of an image. */
  public int units() {
    return outSize;
  }

  /** Output values per unit in one row: 1 for dense, height x width for an image. */
  public final int positions() {
    return outSize / units();
  }

  /** Connection weights (penalized, initialized by the activation's scheme), first in the view. */
  public int numWeights() {
    return 0;
  }

  /** Biases, after the weights. */
  public int numBiases() {
    return 0;
  }

  /** All parameters this layer owns: weights, biases and the activation's. */
  public final int numParams() {
    return numWeights() + numBiases() + activation.numParams(units());
  }

  /** Inputs each output sees, for the initial weights' scale (He, LeCun, Glorot). */
  public int fanIn() {
    return inSize;
  }

  /** Outputs each input feeds, for the Glorot scale. */
  public int fanOut() {
    return outSize;
  }

  /** Whether dropout may act on this layer's input (Rectifier drops what dense layers read). */
  public boolean takesDropout() {
    return false;
  }

  /** Fresh per-thread state for the passes, or null when the layer needs none. */
  public Scratch newScratch() {
    return null;
  }

  /**
   * {@code z = layer(x)} for {@code rows} rows, before the activation.
   *
   * @param params the flat parameters; this layer's view starts at {@code off}
   * @param x {@code rows x inSize()} row-major
   * @param z receives {@code rows x outSize()}
   * @param scratch this layer's {@link #newScratch()} for this thread
   */
  public abstract void forward(float[] params, int off, float[] x, int rows, float[] z,
      Scratch scratch);

  /**
   * Adds this layer's parameter gradient (weights and biases) into {@code grad} from {@code off}
   * (the caller zeroes it once per batch), and writes d(loss)/d(x) into {@code dx} unless it is
   * null (the first layer: features need no gradient).
   *
   * @param x the input of the last forward pass
   * @param dz d(loss)/d(z), {@code rows x outSize()}
   */
  public abstract void backward(float[] params, int off, float[] x, float[] dz, int rows,
      float[] grad, float[] dx, Scratch scratch);

  /**
   * The activation as the architecture syntax writes it after a layer's sizes:
   * {@code ,relu}, {@code ,leaky_relu,alpha=0.2}, or nothing without one.
   */
  protected final String activationSpec() {
    if (!activates()) {
      return "";
    }
    double alpha = activation.alpha();
    if (Double.isNaN(alpha)) {
      return "," + activation.name();
    }
    // Activations that keep alpha as a float give it back widened: write the float's digits.
    String digits = (double) (float) alpha == alpha ? Float.toString((float) alpha)
        : Double.toString(alpha);
    return "," + activation.name() + ",alpha=" + digits;
  }

  @Override
  public String toString() {
    return spec();
  }

  /** Per-thread working memory of one layer's passes. */
  public interface Scratch {}
}
