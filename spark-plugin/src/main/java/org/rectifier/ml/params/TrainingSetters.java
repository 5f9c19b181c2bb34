package org.rectifier.ml.params;

/**
 * Fluent setters of the params every Rectifier estimator shares (solver, regularization,
 * validation, checkpoints, training controls), typed to the estimator.
 *
 * @param <T> the estimator type
 */
public interface TrainingSetters<T extends TrainingParams> extends TrainingParams {

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
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

  /** Dropout rate on hidden outputs. */
  default T setDropout(double value) {
    set(dropout(), value);
    return self();
  }

  /** Dropout rate on the input features. */
  default T setInputDropout(double value) {
    set(inputDropout(), value);
    return self();
  }

  /** Learning-rate schedule. */
  default T setStepSizeSchedule(String value) {
    set(stepSizeSchedule(), value);
    return self();
  }

  /** Factor of the exponential, step and plateau schedules. */
  default T setDecayRate(double value) {
    set(decayRate(), value);
    return self();
  }

  /** Epochs between decays of the step schedule. */
  default T setDecayEpochs(int value) {
    set(decayEpochs(), value);
    return self();
  }

  /** Floor of the cosine and plateau schedules. */
  default T setMinStepSize(double value) {
    set(minStepSize(), value);
    return self();
  }

  /** Epochs without improvement before the plateau schedule decays. */
  default T setDecayPatience(int value) {
    set(decayPatience(), value);
    return self();
  }

  /** Epochs of linear warm-up. */
  default T setWarmupEpochs(int value) {
    set(warmupEpochs(), value);
    return self();
  }

  /** Global gradient-norm clip. */
  default T setClipNorm(double value) {
    set(clipNorm(), value);
    return self();
  }

  /** Decoupled weight decay of adamw. */
  default T setWeightDecay(double value) {
    set(weightDecay(), value);
    return self();
  }

  /** Elastic-net mixing of regParam. */
  default T setElasticNetParam(double value) {
    set(elasticNetParam(), value);
    return self();
  }

  /** Boolean column of validation rows. */
  default T setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return self();
  }

  /** Epochs without improvement that stop the fit. */
  default T setEarlyStoppingPatience(int value) {
    set(earlyStoppingPatience(), value);
    return self();
  }

  /** loss or accuracy. */
  default T setEarlyStoppingMetric(String value) {
    set(earlyStoppingMetric(), value);
    return self();
  }

  /** Return the best epoch's weights with early stopping. */
  default T setRestoreBestWeights(boolean value) {
    set(restoreBestWeights(), value);
    return self();
  }

  /** Per-class weights. */
  default T setClassWeights(double[] value) {
    set(classWeights(), value);
    return self();
  }

  /** none or balanced. */
  default T setClassBalance(String value) {
    set(classBalance(), value);
    return self();
  }
}
