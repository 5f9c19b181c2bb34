package org.rectifier.nn.activation;

import java.util.List;
import java.util.Locale;

/** Creates hidden-layer activations from the names users write. */
public final class Activations {

  /** Every accepted name, in the order the docs list them. */
  public static final List<String> NAMES = List.of(
      "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "relu6", "sigmoid", "tanh");

  private Activations() {}

  /** Whether {@code name} is one of {@link #NAMES}. */
  public static boolean isValid(String name) {
    return name != null && NAMES.contains(name);
  }

  /**
   * The activation called {@code name}.
   *
   * @param name one of {@link #NAMES}
   * @param alpha the slope of leaky_relu, the initial slope of prelu or the alpha of elu; NaN
   *     means that activation's default; ignored by the others
   * @throws IllegalArgumentException for an unknown name (the message lists the valid ones) or a
   *     non-finite alpha
   */
  public static Activation create(String name, double alpha) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "Unknown activation '%s'; expected one of %s", name, NAMES));
    }
    if (Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "activation alpha must be a finite number (or NaN for the default), got " + alpha);
    }
    boolean dflt = Double.isNaN(alpha);
    switch (name) {
      case "relu":
        return new Relu();
      case "leaky_relu":
        return new LeakyRelu(dflt ? LeakyRelu.DEFAULT_ALPHA : alpha);
      case "prelu":
        return new PRelu(dflt ? PRelu.DEFAULT_ALPHA : alpha);
      case "elu":
        return new Elu(dflt ? Elu.DEFAULT_ALPHA : alpha);
      case "selu":
        return new Selu();
      case "gelu":
        return new Gelu();
      case "relu6":
        return new Relu6();
      case "sigmoid":
        return new Sigmoid();
      default:
        return new Tanh();
    }
  }
}
