package org.rectifier.train;

import org.rectifier.nn.EpochOrder;

/** How one epoch's steps are executed on the cluster; every way computes the same bits. */
interface EpochRunner extends AutoCloseable {

  /**
   * Runs every step of {@code order} starting from {@code state}.
   *
   * @param description the Spark job description prefix, e.g. "MLPClassifier: epoch 3/20"
   */
  EpochOutcome run(TrainingData data, TrainerState state, EpochOrder order, String description);

  /** Releases what the runner holds across epochs. */
  @Override
  default void close() {}
}
