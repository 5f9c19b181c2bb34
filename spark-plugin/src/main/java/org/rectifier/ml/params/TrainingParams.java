package org.rectifier.ml.params;

/**
 * The params every Rectifier estimator and model shares, whatever its layers: solver and
 * regularization, row weights, validation, checkpoints and recovery, training controls.
 */
public interface TrainingParams extends SolverParams, HasWeightCol, RecoveryParams,
    TrainingControlParams {
}
