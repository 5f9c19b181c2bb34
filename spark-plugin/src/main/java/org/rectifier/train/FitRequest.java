package org.rectifier.train;

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

  /** @see FitRequest */
  public FitRequest(InputSpec input, int[] layers, int[] hiddenLayers, Activation activation,
      double[] initialWeights, TrainerConfig trainer) {
    this.input = input;
    this.layers = layers;
    this.hiddenLayers = hiddenLayers;
    this.activation = activation;
    this.initialWeights = initialWeights;
    this.trainer = trainer;
  }
}
