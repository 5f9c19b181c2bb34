package org.rectifier.examples.notebook;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * What a notebook's first cell needs: a local Spark session configured from the project's
 * {@code conf/spark-defaults.conf}, as spark-submit would configure it.
 */
public final class Notebooks {

  private Notebooks() {}

  /**
   * A local[2] session (or the running one) with the settings of {@code conf/spark-defaults.conf}
   * (Kryo, OPENBLAS_NUM_THREADS=1 for executors, no dynamic allocation, ...). The conf directory
   * is the system property {@code rectifier.conf.dir} (the kernel spec sets it), else
   * {@code conf} or {@code ../conf} from the working directory. Console progress bars are off:
   * in a notebook they would land in cell outputs.
   */
  public static SparkSession startSpark(String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName).master("local[2]");
    Path conf = confDir();
    if (conf != null) {
      Properties defaults = new Properties();
      try (Reader in = Files.newBufferedReader(conf.resolve("spark-defaults.conf"),
          StandardCharsets.UTF_8)) {
        // spark-defaults.conf is "key whitespace value": the Properties format accepts that.
        defaults.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String key : defaults.stringPropertyNames()) {
        b.config(key, defaults.getProperty(key).trim());
      }
    }
    b.config("spark.ui.showConsoleProgress", "false");
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** The conf directory in use, or null when none is found. */
  public static Path confDir() {
    String configured = System.getProperty("rectifier.conf.dir");
    if (configured != null) {
      return Files.isRegularFile(Paths.get(configured, "spark-defaults.conf"))
          ? Paths.get(configured) : null;
    }
    for (String candidate : new String[] {"conf", "../conf"}) {
      if (Files.isRegularFile(Paths.get(candidate, "spark-defaults.conf"))) {
        return Paths.get(candidate);
      }
    }
    return null;
  }

  /**
   * The project's root: the parent of the conf directory in use (the kernel spec names it), else
   * the working directory.
   */
  public static Path projectRoot() {
    Path conf = confDir();
    Path root = conf == null ? null : conf.toAbsolutePath().normalize().getParent();
    return root != null ? root : Paths.get("").toAbsolutePath();
  }

  /**
   * {@code path} as the notebooks print it: relative to the project root when it lies under it.
   * Saved outputs are committed and read on other machines, so they must not carry the absolute
   * paths of the machine that ran them ({@code notebooks/check_notebook.py} fails on those).
   */
  public static String shown(Path path) {
    if (path == null) {
      return "none (Spark's defaults)";
    }
    Path absolute = path.toAbsolutePath().normalize();
    Path root = projectRoot();
    return absolute.startsWith(root) && !absolute.equals(root)
        ? root.relativize(absolute).toString() : path.toString();
  }

  /** {@link #shown(Path)} of a path given as a string. */
  public static String shown(String path) {
    return shown(Paths.get(path));
  }

  /**
   * A directory for the files a notebook writes (saved models), under
   * {@code notebooks/target/scratch/NAME} in the project: it prints as a relative path, and
   * {@code mvn clean} removes it.
   */
  public static Path scratchDir(String name) {
    Path dir = projectRoot().resolve("notebooks").resolve("target").resolve("scratch")
        .resolve(name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
