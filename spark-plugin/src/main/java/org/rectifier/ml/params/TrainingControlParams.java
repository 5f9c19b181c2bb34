package org.rectifier.ml.params;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Params that control training beyond the solver: dropout, learning-rate schedules, gradient
 * clipping, AdamW's weight decay, elastic net, validation by column, early stopping and class
 * weights (see {@link TrainingControlDefs} for their docs and defaults).
 */
public interface TrainingControlParams extends Params {

  /** This owner's param objects. */
  ParamDefs paramDefs();

  /** Dropout rate on hidden outputs. Default 0. */
  default DoubleParam dropout() {
    return paramDefs().controls.dropout;
  }

  /** @return dropout */
  default double getDropout() {
    return (Double) $(dropout());
  }

  /** Dropout rate on the input features. Default 0. */
  default DoubleParam inputDropout() {
    return paramDefs().controls.inputDropout;
  }

  /** @return inputDropout */
  default double getInputDropout() {
    return (Double) $(inputDropout());
  }

  /** Learning-rate schedule. Default constant. */
  default Param<String> stepSizeSchedule() {
    return paramDefs().controls.stepSizeSchedule;
  }

  /** @return stepSizeSchedule */
  default String getStepSizeSchedule() {
    return $(stepSizeSchedule());
  }

  /** Factor of the exponential, step and plateau schedules. Default 0.5. */
  default DoubleParam decayRate() {
    return paramDefs().controls.decayRate;
  }

  /** @return decayRate */
  default double getDecayRate() {
    return (Double) $(decayRate());
  }

  /** Epochs between decays of the step schedule. Default 10. */
  default IntParam decayEpochs() {
    return paramDefs().controls.decayEpochs;
  }

  /** @return decayEpochs */
  default int getDecayEpochs() {
    return (Integer) $(decayEpochs());
  }

  /** Floor of the cosine and plateau schedules. Default 0. */
  default DoubleParam minStepSize() {
    return paramDefs().controls.minStepSize;
  }

  /** @return minStepSize */
  default double getMinStepSize() {
    return (Double) $(minStepSize());
  }

  /** Epochs without improvement before the plateau schedule decays. Default 5. */
  default IntParam decayPatience() {
    return paramDefs().controls.decayPatience;
  }

  /** @return decayPatience */
  default int getDecayPatience() {
    return (Integer) $(decayPatience());
  }

  /** Epochs of linear warm-up. Default 0. */
  default IntParam warmupEpochs() {
    return paramDefs().controls.warmupEpochs;
  }

  /** @return warmupEpochs */
  default int getWarmupEpochs() {
    return (Integer) $(warmupEpochs());
  }

  /** Global gradient-norm clip. Default 0 (off). */
  default DoubleParam clipNorm() {
    return paramDefs().controls.clipNorm;
  }

  /** @return clipNorm */
  default double getClipNorm() {
    return (Double) $(clipNorm());
  }

  /** Decoupled weight decay of adamw. Default 0.01. */
  default DoubleParam weightDecay() {
    return paramDefs().controls.weightDecay;
  }

  /** @return weightDecay */
  default double getWeightDecay() {
    return (Double) $(weightDecay());
  }

  /** Elastic-net mixing of regParam. Default 0 (L2). */
  default DoubleParam elasticNetParam() {
    return paramDefs().controls.elasticNetParam;
  }

  /** @return elasticNetParam */
  default double getElasticNetParam() {
    return (Double) $(elasticNetParam());
  }

  /** Boolean column of validation rows. Unset by default. */
  default Param<String> validationIndicatorCol() {
    return paramDefs().controls.validationIndicatorCol;
  }

  /** @return the validation indicator column, or null when unset or empty */
  default String getValidationIndicatorCol() {
    if (!isDefined(validationIndicatorCol())) {
      return null;
    }
    String v = $(validationIndicatorCol());
    return v == null || v.isEmpty() ? null : v;
  }

  /** Epochs without improvement that stop the fit. Default 0 (off). */
  default IntParam earlyStoppingPatience() {
    return paramDefs().controls.earlyStoppingPatience;
  }

  /** @return earlyStoppingPatience */
  default int getEarlyStoppingPatience() {
    return (Integer) $(earlyStoppingPatience());
  }

  /** loss or accuracy. Default loss. */
  default Param<String> earlyStoppingMetric() {
    return paramDefs().controls.earlyStoppingMetric;
  }

  /** @return earlyStoppingMetric */
  default String getEarlyStoppingMetric() {
    return $(earlyStoppingMetric());
  }

  /** Return the best epoch's weights with early stopping. Default true. */
  default BooleanParam restoreBestWeights() {
    return paramDefs().controls.restoreBestWeights;
  }

  /** @return restoreBestWeights */
  default boolean getRestoreBestWeights() {
    return (Boolean) $(restoreBestWeights());
  }

  /** Per-class weights. Unset by default. */
  default DoubleArrayParam classWeights() {
    return paramDefs().controls.classWeights;
  }

  /** @return the class weights, or null when unset */
  default double[] getClassWeights() {
    return isDefined(classWeights()) ? $(classWeights()) : null;
  }

  /** none or balanced. Default none. */
  default Param<String> classBalance() {
    return paramDefs().controls.classBalance;
  }

  /** @return classBalance */
  default String getClassBalance() {
    return $(classBalance());
  }
}
