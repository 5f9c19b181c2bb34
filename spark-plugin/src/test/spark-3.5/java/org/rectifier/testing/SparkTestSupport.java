package org.rectifier.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession for the whole test JVM, through spark-testing-base (whose Java bases
 * are JUnit 4 style, so it is used as a helper object). Sharing it pays Spark's start-up once.
 * This is the Spark 3.5 line's; the Spark 4 line (no spark-testing-base build there) has a plain
 * one with the same methods.
 */
public final class SparkTestSupport {

  private static final Base BASE = new Base();
  private static boolean started;

  private SparkTestSupport() {}

  /** spark-testing-base configured for these tests: local[2], no Hive, no UI. */
  public static final class Base extends JavaDataFrameSuiteBase {
    @Override
    public boolean enableHiveSupport() {
      return false;
    }

    @Override
    public SparkConf conf() {
      return new SparkConf()
          .setMaster("local[2]")
          .setAppName("rectifier-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.sql.shuffle.partitions", "4")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.ui.showConsoleProgress", "false");
    }
  }

  /** The shared helper, started on first use. */
  public static synchronized Base base() {
    if (!started) {
      BASE.runBefore();
      started = true;
    }
    return BASE;
  }

  /** The shared session. */
  public static SparkSession spark() {
    return base().spark();
  }

  /** Fails unless the two frames have the same schema and the same rows. */
  public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual) {
    base().assertDataFrameEquals(expected, actual, null);
  }
}
