package org.rectifier.ml.params;

import org.apache.spark.ml.linalg.Vector;

/**
 * Fluent setters of the MLP estimators' params, typed to the estimator: the network's shape
 * here, the training params through {@link TrainingSetters}.
 *
 * @param <T> the estimator type
 */
public interface EstimatorSetters<T extends MLPParams> extends TrainingSetters<T>, MLPParams {

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** Sizes of all layers: input, hidden, output. */
  default T setLayers(int[] value) {
    set(layers(), value);
    return self();
  }

  /** Sizes of the hidden layers. */
  default T setHiddenLayers(int[] value) {
    set(hiddenLayers(), value);
    return self();
  }

  /** Hidden activation name. */
  default T setActivation(String value) {
    set(activation(), value);
    return self();
  }

  /** alpha of leaky_relu / elu / prelu. */
  default T setActivationAlpha(double value) {
    set(activationAlpha(), value);
    return self();
  }

  /** Initial parameters in the engine's layout. */
  default T setInitialWeights(Vector value) {
    set(initialWeights(), value);
    return self();
  }
}
