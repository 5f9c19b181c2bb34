package org.rectifier.train.loop;

/**
 * The tasks of a training job run as ordinary tasks (where Spark runs no barrier stage) did not
 * all start within the bound: the cluster could not give the gang its slots. Not retried: the
 * fit goes on with one job per step.
 */
final class GangNotFormedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  GangNotFormedException(String message) {
    super(message);
  }
}
