package org.rectifier.nn.activation;

import java.io.Serializable;

/**
 * An elementwise activation over a row-major block of {@code rows x units} pre-activations.
 *
 * <p>Both passes work on whole blocks, never one value per virtual call, so the loops stay
 * monomorphic and vectorizable. An activation may own parameters (PReLU's slopes): they live in
 * the network's flat parameter array at {@code pOff}, {@link #numParams(int)} of them.
 *
 * <p>Derivatives at kinks follow PyTorch: relu and relu6 use 0 at their kinks; leaky_relu, prelu,
 * elu and selu use their negative-side slope at 0. A NaN input gives NaN both ways, so a bad value
 * is never hidden by a zero gradient.
 */
public interface Activation extends Serializable {

  /** The name users pass, e.g. {@code "leaky_relu"}. */
  String name();

  /** The alpha this activation was built with, or NaN when it has none. */
  default double alpha() {
    return Double.NaN;
  }

  /** How weights feeding this activation are drawn when none are given. */
  InitScheme initScheme();

  /** Gain of the He scheme (ignored by the others): sqrt(2) for relu, less for leaky slopes. */
  default double initGain() {
    return Math.sqrt(2.0);
  }

  /** Number of trainable parameters this activation owns for a layer of {@code units}. */
  default int numParams(int units) {
    return 0;
  }

  /** Writes this activation's initial parameters (none unless it owns some). */
  default void initParams(float[] params, int pOff, int units) {}

  /**
   * {@code a = f(z)}, elementwise; {@code a} may be the same array as {@code z}.
   *
   * @param z pre-activations, {@code rows x units} row-major
   * @param a output, same shape
   * @param rows rows of the block
   * @param units columns of the block
   * @param params the network's parameters (read for learned slopes)
   * @param pOff where this activation's parameters start
   */
  void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff);

  /**
   * Turns {@code delta = dL/da} into {@code dL/dz} in place, and adds the gradient of this
   * activation's own parameters (if any) to {@code grad} at {@code pOff}.
   *
   * @param z pre-activations of the forward pass
   * @param a outputs of the forward pass
   * @param delta on entry dL/da, on exit dL/dz
   * @param rows rows of the block
   * @param units columns of the block
   * @param params the network's parameters
   * @param grad the gradient of the network's parameters
   * @param pOff where this activation's parameters start in both
   */
  void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff);
}
