package org.rectifier.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Errors are part of the API: the tests' one way of asserting what a message says. */
public final class ErrorMessages {

  private ErrorMessages() {}

  /** Asserts {@code action} throws a {@code type} whose message contains every part. */
  public static <T extends Throwable> T expect(Class<T> type, Executable action,
      String... parts) {
    T e = assertThrows(type, action);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should contain '" + part + "': " + e.getMessage());
    }
    return e;
  }
}
