package org.rectifier.examples;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An input file {@link Train} cannot use: its message is one line naming the file and what is
 * wrong with it, and the job exits with code 2, as for a bad option.
 */
final class BadDataFile extends IOException {

  private static final long serialVersionUID = 1L;

  /** @param file the file; @param what what is wrong with it */
  BadDataFile(Path file, String what) {
    super(file + ": " + what);
  }

  /** @param file the file; @param what what is wrong with it; @param cause the failure */
  BadDataFile(Path file, String what, Throwable cause) {
    super(file + ": " + what, cause);
  }
}
