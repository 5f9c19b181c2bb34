package org.rectifier.ml.params;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Params that shape the network: sizes, activation, initial weights. */
public interface NetworkParams extends Params {

  /** This owner's param objects. */
  ParamDefs paramDefs();

  /** Sizes of all layers, input first (MLlib's meaning). */
  default IntArrayParam layers() {
    return paramDefs().layers;
  }

  /** Sizes of the hidden layers only. Default [64]. */
  default IntArrayParam hiddenLayers() {
    return paramDefs().hiddenLayers;
  }

  /** Hidden-layer activation name. Default relu. */
  default Param<String> activation() {
    return paramDefs().activation;
  }

  /** alpha of leaky_relu / elu / prelu. Unset means that activation's default. */
  default DoubleParam activationAlpha() {
    return paramDefs().activationAlpha;
  }

  /** Initial parameters in the engine's layout. */
  default Param<Vector> initialWeights() {
    return paramDefs().initialWeights;
  }

  /** @return the layers param; throws if unset */
  default int[] getLayers() {
    return $(layers());
  }

  /** @return the hidden layer sizes */
  default int[] getHiddenLayers() {
    return $(hiddenLayers());
  }

  /** @return the activation name */
  default String getActivation() {
    return $(activation());
  }

  /** @return alpha, or NaN when unset (the activation's default applies) */
  default double getActivationAlpha() {
    return isDefined(activationAlpha()) ? (Double) $(activationAlpha()) : Double.NaN;
  }

  /** @return the initial weights; throws if unset */
  default Vector getInitialWeights() {
    return $(initialWeights());
  }
}
