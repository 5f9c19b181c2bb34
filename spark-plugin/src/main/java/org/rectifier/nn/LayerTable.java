package org.rectifier.nn;

import java.io.Serializable;
import java.util.Locale;

/**
 * A network's layers as Keras's {@code model.summary()} lists them: each layer as written in
 * the architecture syntax, its output shape and its parameter count (activation parameters such
 * as PReLU slopes included), and the total.
 */
public final class LayerTable implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String inputShape;
  private final String[] layers;
  private final String[] outputShapes;
  private final int[] params;

  private LayerTable(String inputShape, String[] layers, String[] outputShapes, int[] params) {
    this.inputShape = inputShape;
    this.layers = layers;
    this.outputShapes = outputShapes;
    this.params = params;
  }

  /** The table of {@code topology}; its last row is the output layer. */
  public static LayerTable of(Topology topology) {
    int n = topology.numLayers();
    String[] layers = new String[n];
    String[] shapes = new String[n];
    int[] params = new int[n];
    for (int l = 0; l < n; l++) {
      layers[l] = topology.layer(l).spec();
      shapes[l] = topology.layer(l).outShape();
      params[l] = topology.layer(l).numParams();
    }
    String input = topology.inputShape() != null ? topology.inputShape().toString()
        : Integer.toString(topology.numInputs());
    return new LayerTable(input, layers, shapes, params);
  }

  /** Each layer in the architecture syntax (the output layer as {@code dense(k)}). */
  public String[] layers() {
    return layers.clone();
  }

  /** Each layer's output shape: {@code HxWxC} for images, a width for vectors. */
  public String[] outputShapes() {
    return outputShapes.clone();
  }

  /** Each layer's parameter count. */
  public int[] params() {
    return params.clone();
  }

  /** All parameters. */
  public long totalParams() {
    long t = 0;
    for (int p : params) {
      t += p;
    }
    return t;
  }

  @Override
  public String toString() {
    int width = "input".length();
    for (String l : layers) {
      width = Math.max(width, l.length());
    }
    String row = "%-" + width + "s  %-12s  %,12d%n";
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "%-" + width + "s  %-12s  %12s%n", "Layer", "Output shape", "Params"));
    s.append(String.format(Locale.ROOT, row, "input", inputShape, 0));
    for (int l = 0; l < layers.length; l++) {
      s.append(String.format(Locale.ROOT, row, layers[l], outputShapes[l], params[l]));
    }
    return s.append(String.format(Locale.ROOT, "Total params: %,d", totalParams())).toString();
  }
}
