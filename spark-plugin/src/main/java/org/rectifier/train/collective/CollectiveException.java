package org.rectifier.train.collective;

/**
 * A training task could not complete a step with its peers: one of them sent nothing within the
 * collective's timeout, or the gang never formed. The message names the step, the partitions
 * missing, and their executors and hosts. Thrown inside a task, it fails the task (and with it
 * the job), which is what makes Spark release the others.
 */
public class CollectiveException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final java.util.List<String> silentExecutors;

  /** @param message what was missing, from whom, after how long */
  public CollectiveException(String message) {
    this(message, null, java.util.List.of());
  }

  /** @param message what failed; @param cause the transport's error */
  public CollectiveException(String message, Throwable cause) {
    this(message, cause, java.util.List.of());
  }

  /**
   * @param message what was missing, from whom, after how long
   * @param silentExecutors the executors that sent nothing within the timeout
   */
  public CollectiveException(String message, Throwable cause,
      java.util.List<String> silentExecutors) {
    super(message, cause);
    this.silentExecutors = java.util.List.copyOf(silentExecutors);
  }

  /**
   * The executors whose tasks went silent (a hung JVM, a host gone without closing its
   * sockets): the driver asks the cluster manager to replace them before it retries.
   */
  public java.util.List<String> silentExecutors() {
    return silentExecutors;
  }
}
