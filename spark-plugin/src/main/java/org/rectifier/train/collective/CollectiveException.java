package org.rectifier.train.collective;

/**
 * A training task could not complete a step with its peers: one of them sent nothing within the
 * collective's timeout, or the gang never formed. The message names the step, the partitions
 * missing, and their executors and hosts. Thrown inside a task, it fails the task (and with it
 * the job), which is what makes Spark release the others.
 */
public class CollectiveException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message what was missing, from whom, after how long */
  public CollectiveException(String message) {
    super(message);
  }

  /** @param message what failed; @param cause the transport's error */
  public CollectiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
