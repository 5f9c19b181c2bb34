package org.rectifier.ml.params;

/** Every Rectifier param, shared by the estimators and their models. */
public interface MLPParams extends NetworkParams, SolverParams, HasWeightCol,
    RecoveryParams, TrainingControlParams {
}
