package org.rectifier.train;

/**
 * A fit that gave up: its training jobs failed {@code maxFailures} times. The message says how
 * far the fit got and lists the failures; the cause is the last one.
 */
public class TrainingFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message how far the fit got, and the failures; @param cause the last failure */
  public TrainingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
