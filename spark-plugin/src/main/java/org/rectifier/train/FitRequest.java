package org.rectifier.train;

import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.activation.Activation;
import org.rectifier.train.data.InputSpec;

/** A fit, in plain terms: what the estimators hand the training layer. */
public final class FitRequest {

  /** Columns and per-row checks; its size limits are filled in from {@link #layers}. */
  public final InputSpec input;
  /** All layer sizes, or null to derive input and output sizes from the data. */
  public final int[] layers;
  /** Hidden sizes, used when {@link #layers} is null. */
  public final int[] hiddenLayers;
  /** Hidden activation. */
  public final Activation activation;
  /** Initial parameters, or null for seeded initialization. */
  public final double[] initialWeights;
  /** Optimization settings. */
  public final TrainerConfig trainer;
  /** A conv net's hidden layers (see {@link org.rectifier.nn.layer.Architecture}); null: MLP. */
  public final String architecture;
  /** A conv net's image shape; null for an MLP. */
  public final ImageShape inputShape;

  /** @see FitRequest */
  public FitRequest(InputSpec input, int[] layers, int[] hiddenLayers, Activation activation,
      double[] initialWeights, TrainerConfig trainer) {
    this.input = input;
    this.layers = layers;
    this.hiddenLayers = hiddenLayers;
    this.activation = activation;
    this.initialWeights = initialWeights;
    this.trainer = trainer;
    this.architecture = null;
    this.inputShape = null;
  }

  /** A conv net classifier's fit: {@code architecture} over images of {@code inputShape}. */
  public FitRequest(InputSpec input, String architecture, ImageShape inputShape,
      TrainerConfig trainer) {
    this.input = input;
    this.layers = null;
    this.hiddenLayers = null;
    this.activation = null;
    this.initialWeights = null;
    this.trainer = trainer;
    this.architecture = architecture;
    this.inputShape = inputShape;
  }
}
