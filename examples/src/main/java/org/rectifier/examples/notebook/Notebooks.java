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
}
