package org.rectifier.examples.bench;

/**
 * The benchmark's network shape, 784-256-256-10, and its honest FLOP count per training row:
 * 2 per weight forward, 2 per weight for the weight gradient, 2 per weight for the error passed
 * back, except into the input features (4 per first-layer weight, 6 per other weight).
 */
final class Mlp784 {

  static final int[] LAYERS = {784, 256, 256, 10};

  private Mlp784() {}

  static double trainingFlopsPerRow(int[] layers) {
    double flops = 0;
    for (int l = 0; l + 1 < layers.length; l++) {
      double weights = (double) layers[l] * layers[l + 1];
      flops += (l == 0 ? 4 : 6) * weights;
    }
    return flops;
  }
}
