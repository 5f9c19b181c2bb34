package org.rectifier.train.loop;

import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.train.data.TrainingData;
import org.rectifier.train.step.TrainerState;

/** How one epoch's steps are executed on the cluster; every way computes the same bits. */
public interface EpochRunner extends AutoCloseable {

  /**
   * Runs every step of {@code order} starting from {@code state} (updated in place), then, with
   * a holdout, evaluates the held-out rows with the epoch's final parameters.
   *
   * @param holdout the validation rows, or null
   * @param description the Spark job description prefix, e.g. "MLPClassifier: epoch 3/20"
   */
  EpochOutcome run(TrainingData data, TrainerState state, EpochOrder order, Holdout holdout,
      String description);

  /** Which way the steps reached the cluster: barrier, gang or jobPerStep. */
  default String path() {
    return "jobPerStep";
  }

  /** Why that way. */
  default String pathReason() {
    return "executionMode=jobPerStep: one Spark job per step";
  }

  /** Releases what the runner holds across epochs. */
  @Override
  default void close() {}
}
