package org.rectifier.examples.yarn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The last lines of a log file, for failure messages (as the plugin's cluster harness does). */
final class Tail {

  private Tail() {}

  /** The last {@code lines} lines of {@code file}, or a note if it cannot be read. */
  static String of(Path file, int lines) {
    try {
      // Lenient decoding: a log cut mid-character by a kill must still be shown.
      List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
          .collect(Collectors.toList());
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      return "---- " + file + " (last " + tail.size() + " of " + all.size() + " lines)\n"
          + String.join("\n", tail) + "\n";
    } catch (IOException e) {
      return "---- " + file + ": unreadable (" + e + ")\n";
    }
  }
}
