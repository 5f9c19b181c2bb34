package org.rectifier.testing.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads Linux's /proc for processes this JVM did not start (executors are the workers'
 * children): their command lines, parents and working directories. Processes may vanish between
 * two reads, so every method treats a missing file as "no such process".
 */
final class ProcFs {

  private static final Path PROC = Paths.get("/proc");

  private ProcFs() {}

  /** Ids of all processes visible now. */
  static List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc (Linux only)", e);
    }
    return pids;
  }

  /** The process's arguments (empty for kernel threads, zombies and vanished processes). */
  static List<String> cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      if (raw.length == 0) {
        return List.of();
      }
      String all = new String(raw, StandardCharsets.UTF_8);
      if (all.endsWith("\0")) {
        all = all.substring(0, all.length() - 1);
      }
      return Arrays.asList(all.split("\0", -1));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The parent's id, from /proc/pid/stat (the field after the parenthesised command name). */
  static OptionalLong parent(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // The command name may itself contain spaces and ')', so split after the last ')'.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(rest[1]));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** True while {@code pid} exists and is not a zombie (dead, waiting to be reaped). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The process's working directory, if readable. */
  static Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** The value after {@code flag} in an argument list, if present. */
  static Optional<String> argAfter(List<String> args, String flag) {
    int i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
  }
}
