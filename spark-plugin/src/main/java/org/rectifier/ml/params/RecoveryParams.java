package org.rectifier.ml.params;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Params of what a fit survives: failed training jobs within a fit ({@code maxFailures}) and a
 * lost driver across fits ({@code checkpointDir}, {@code checkpointInterval}).
 */
public interface RecoveryParams extends Params {

  /** This owner's param objects. */
  ParamDefs paramDefs();

  /** Where checkpoints go; unset for none. */
  default Param<String> checkpointDir() {
    return paramDefs().checkpointDir;
  }

  /** Epochs between checkpoints. Default 1. */
  default IntParam checkpointInterval() {
    return paramDefs().checkpointInterval;
  }

  /** Failed training jobs that fail the fit. Default 4. */
  default IntParam maxFailures() {
    return paramDefs().maxFailures;
  }

  /** @return the checkpoint directory, or null when unset or empty */
  default String getCheckpointDir() {
    if (!isDefined(checkpointDir())) {
      return null;
    }
    String dir = $(checkpointDir());
    return dir == null || dir.isEmpty() ? null : dir;
  }

  /** @return epochs between checkpoints */
  default int getCheckpointInterval() {
    return (Integer) $(checkpointInterval());
  }

  /** @return the failed jobs that fail a fit */
  default int getMaxFailures() {
    return (Integer) $(maxFailures());
  }
}
