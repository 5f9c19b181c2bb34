package org.rectifier.ml.params;

/** Every param of the MLP estimators and models: the network's shape and the training params. */
public interface MLPParams extends NetworkParams, TrainingParams {
}
