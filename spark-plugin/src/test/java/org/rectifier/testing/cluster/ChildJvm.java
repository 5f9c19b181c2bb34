package org.rectifier.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * What a child JVM that runs Spark needs from this test JVM: the java binary, the Java 17 flags
 * and the test classpath. Shared by the cluster daemons and by tests that hand the classpath to
 * executors.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /**
   * The full test classpath: test classes, the module's classes (Surefire) or jar (Failsafe) and
   * every dependency jar. Both Surefire and Failsafe set {@code surefire.test.class.path} in the
   * forked JVM; {@code java.class.path} is the fallback for IDE runs, where it is the real one.
   * Executors need it as {@code spark.executor.extraClassPath} to load test classes and lambdas.
   */
  public static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** The java executable of this JVM, so children run the same Java version. */
  public static String javaExecutable() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The flags every JVM that runs Spark on Java 17 needs, from the project's
   * {@code conf/jvm-options} (its single list), found by walking up from the working directory
   * (Maven runs tests in the module directory). Without that file, the same kinds of flags are
   * copied from this JVM's own command line, which had to carry them to run Spark at all.
   */
  public static List<String> sparkJvmOptions() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("conf").resolve("jvm-options");
      if (Files.isRegularFile(file)) {
        return readOptions(file);
      }
    }
    List<String> own = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-modules")
          || arg.equals("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
        own.add(arg);
      }
    }
    return own;
  }

  private static List<String> readOptions(Path file) {
    try {
      List<String> options = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.trim();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          options.add(trimmed);
        }
      }
      return options;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
