package org.rectifier.ml.params;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Params of the optimization: solver, step size, batches, epochs, stopping, seed, L2. */
public interface SolverParams extends Params {

  /** This owner's param objects. */
  ParamDefs paramDefs();

  /** adam (default) or sgd. */
  default Param<String> solver() {
    return paramDefs().solver;
  }

  /** Learning rate. Default 0.001. */
  default DoubleParam stepSize() {
    return paramDefs().stepSize;
  }

  /** sgd momentum. Default 0. */
  default DoubleParam momentum() {
    return paramDefs().momentum;
  }

  /** Rows per step over the whole cluster. Default 128. */
  default IntParam batchSize() {
    return paramDefs().batchSize;
  }

  /** Epochs. Default 100. */
  default IntParam maxIter() {
    return paramDefs().maxIter;
  }

  /** Early-stopping tolerance. Default 1e-6. */
  default DoubleParam tol() {
    return paramDefs().tol;
  }

  /** Seed. */
  default LongParam seed() {
    return paramDefs().seed;
  }

  /** L2 strength. Default 0. */
  default DoubleParam regParam() {
    return paramDefs().regParam;
  }

  /** barrier (default) or jobPerStep: how steps are scheduled; same weights either way. */
  default Param<String> executionMode() {
    return paramDefs().executionMode;
  }

  /** Share of rows held out for per-epoch validation. Default 0. */
  default DoubleParam validationFraction() {
    return paramDefs().validationFraction;
  }

  /** @return the validation fraction */
  default double getValidationFraction() {
    return (Double) $(validationFraction());
  }

  /** @return the execution mode */
  default String getExecutionMode() {
    return $(executionMode());
  }

  /** @return the solver */
  default String getSolver() {
    return $(solver());
  }

  /** @return the learning rate */
  default double getStepSize() {
    return (Double) $(stepSize());
  }

  /** @return the sgd momentum */
  default double getMomentum() {
    return (Double) $(momentum());
  }

  /** @return rows per step */
  default int getBatchSize() {
    return (Integer) $(batchSize());
  }

  /** @return epochs */
  default int getMaxIter() {
    return (Integer) $(maxIter());
  }

  /** @return the early-stopping tolerance */
  default double getTol() {
    return (Double) $(tol());
  }

  /** @return the seed */
  default long getSeed() {
    return (Long) $(seed());
  }

  /** @return the L2 strength */
  default double getRegParam() {
    return (Double) $(regParam());
  }
}
