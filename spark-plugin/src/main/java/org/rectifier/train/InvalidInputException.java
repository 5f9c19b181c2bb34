package org.rectifier.train;

/**
 * Input a fit or transform cannot use: a message that names the column or param, the offending
 * value and where it is, and what was expected. Thrown on the driver, also when the bad row was
 * found inside a Spark task (the task's failure is unwrapped, so users never dig through a stage
 * failure to learn which value was wrong).
 */
public class InvalidInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** @param message what was wrong, where, and what was expected */
  public InvalidInputException(String message) {
    super(message);
  }

  /** @param message what was wrong; @param cause the failure that carried it */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Runs a Spark action and, if it failed because a task threw an {@link InvalidInputException},
   * throws that message on the driver instead of Spark's wrapper.
   */
  public static <T> T unwrapping(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      // Spark's SparkException is checked in Java but thrown unchecked from Scala.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InvalidInputException) {
          throw new InvalidInputException(t.getMessage(), e);
        }
      }
      throw InvalidInputException.<RuntimeException>rethrow(e);
    }
  }

  /**
   * {@code failure} as thrown to users: an {@link InvalidInputException} anywhere in its causes
   * comes out on its own; anything else unchanged (wrapped if checked).
   */
  public static RuntimeException surface(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException) {
        return new InvalidInputException(t.getMessage(), failure);
      }
    }
    return failure instanceof RuntimeException
        ? (RuntimeException) failure
        : new IllegalStateException(failure.getMessage(), failure);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }
}
