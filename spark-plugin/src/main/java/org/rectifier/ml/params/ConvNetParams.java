package org.rectifier.ml.params;

import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.Param;

/** The params of a conv net estimator or model: its layers and image shape, plus training's. */
public interface ConvNetParams extends TrainingParams {

  /** The hidden layers as text (see {@link org.rectifier.nn.layer.Architecture}). */
  default Param<String> architecture() {
    return paramDefs().architecture;
  }

  /** {@code [height, width, channels]} of the input images. */
  default IntArrayParam inputShape() {
    return paramDefs().inputShape;
  }

  /** @return the architecture text */
  default String getArchitecture() {
    return $(architecture());
  }

  /** @return the image shape, or null when unset (taken from an image column) */
  default int[] getInputShape() {
    return isDefined(inputShape()) ? $(inputShape()) : null;
  }
}
