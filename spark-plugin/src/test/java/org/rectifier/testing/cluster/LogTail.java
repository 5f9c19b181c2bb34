package org.rectifier.testing.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The last lines of log files, for failure messages: a harness that times out must say why, and
 * the reason is nearly always in a child JVM's log.
 */
public final class LogTail {

  private LogTail() {}

  /** The last {@code lines} lines of {@code file}, or a note if it cannot be read. */
  public static String of(Path file, int lines) {
    try {
      // Lenient decoding: a log cut mid-character by SIGKILL must still be shown.
      List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
          .collect(Collectors.toList());
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      return "---- " + file + " (last " + tail.size() + " of " + all.size() + " lines)\n"
          + String.join("\n", tail) + "\n";
    } catch (IOException e) {
      return "---- " + file + ": unreadable (" + e + ")\n";
    }
  }

  /**
   * Tails of every log under {@code dir}: the daemons' {@code *.log} files and the executors'
   * {@code stdout}/{@code stderr} files that workers write into their work directories.
   */
  public static String ofAll(Path dir, int lines) {
    if (!Files.isDirectory(dir)) {
      return "---- " + dir + ": no such directory\n";
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> {
            String name = p.getFileName().toString();
            return name.endsWith(".log") || name.equals("stderr") || name.equals("stdout");
          })
          .sorted()
          .map(p -> of(p, lines))
          .collect(Collectors.joining());
    } catch (IOException e) {
      return "---- " + dir + ": unreadable (" + e + ")\n";
    }
  }
}
