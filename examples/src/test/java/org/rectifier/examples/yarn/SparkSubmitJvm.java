package org.rectifier.examples.yarn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spark's {@code SparkSubmit} in a child JVM, the way {@code bin/spark-submit} runs it: the Java
 * 17 flags of {@code conf/jvm-options}, a classpath of Spark's jars and the Hadoop configuration
 * folder, and the given environment. Output (stdout and stderr together) goes to a log file.
 */
final class SparkSubmitJvm {

  /** A finished (or timed-out) spark-submit. */
  static final class Run {
    final String name;
    final Path log;
    final int code;
    final boolean timedOut;
    final double seconds;

    Run(String name, Path log, int code, boolean timedOut, double seconds) {
      this.name = name;
      this.log = log;
      this.code = code;
      this.timedOut = timedOut;
      this.seconds = seconds;
    }

    /** Everything the JVM printed. */
    String output() {
      try {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name + (timedOut ? ": killed after " : ": exit code " + code + " after ")
          + String.format(java.util.Locale.ROOT, "%.1f s", seconds) + " (log " + log + ")";
    }
  }

  private SparkSubmitJvm() {}

  /**
   * Runs {@code SparkSubmit args} and waits up to {@code timeoutSeconds}; a JVM still running
   * then is killed with its children, and the run says it timed out.
   */
  static Run run(String name, Path workDir, String classpath, Map<String, String> env,
      List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions());
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(args);
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Files.writeString(workDir.resolve(name + ".cmd"), String.join(" \\\n  ", cmd) + "\n");
    long start = System.nanoTime();
    Process p = pb.start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(name, log, done ? p.exitValue() : -1, !done, seconds);
  }

  /**
   * The flags every JVM that runs Spark on Java 17 needs: the project's single list,
   * {@code conf/jvm-options}, found by walking up from the working directory.
   */
  static List<String> jvmOptions() {
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path file = d.resolve("conf").resolve("jvm-options");
      if (Files.isRegularFile(file)) {
        try {
          List<String> options = new ArrayList<>();
          for (String line : Files.readAllLines(file)) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
              options.add(t);
            }
          }
          return options;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("conf/jvm-options not found above "
        + Paths.get("").toAbsolutePath());
  }
}
