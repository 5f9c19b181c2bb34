package org.rectifier.ml.params;

import org.apache.spark.ml.linalg.Vector;

/**
 * Fluent setters of the estimator params, typed to the estimator.
 *
 * @param <T> the estimator type
 */
public interface EstimatorSetters<T extends MLPParams> extends MLPParams {

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

  /** adam or sgd. */
  default T setSolver(String value) {
    set(solver(), value);
    return self();
  }

  /** Learning rate. */
  default T setStepSize(double value) {
    set(stepSize(), value);
    return self();
  }

  /** sgd momentum. */
  default T setMomentum(double value) {
    set(momentum(), value);
    return self();
  }

  /** Rows per step. */
  default T setBatchSize(int value) {
    set(batchSize(), value);
    return self();
  }

  /** Epochs. */
  default T setMaxIter(int value) {
    set(maxIter(), value);
    return self();
  }

  /** Early-stopping tolerance. */
  default T setTol(double value) {
    set(tol(), value);
    return self();
  }

  /** Seed. */
  default T setSeed(long value) {
    set(seed(), value);
    return self();
  }

  /** L2 strength. */
  default T setRegParam(double value) {
    set(regParam(), value);
    return self();
  }

  /** Share of rows held out for per-epoch validation. */
  default T setValidationFraction(double value) {
    set(validationFraction(), value);
    return self();
  }

  /** barrier or jobPerStep. */
  default T setExecutionMode(String value) {
    set(executionMode(), value);
    return self();
  }

  /** Row-weight column. */
  default T setWeightCol(String value) {
    set(weightCol(), value);
    return self();
  }

  /** Where checkpoints go (any Hadoop FileSystem path). */
  default T setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  /** Epochs between checkpoints. */
  default T setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }

  /** Failed training jobs that fail a fit. */
  default T setMaxFailures(int value) {
    set(maxFailures(), value);
    return self();
  }
}
