package org.rectifier.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession for the whole test JVM, on the Spark 4 line: spark-testing-base has
 * no Spark 4 build, so this is a plain shared session with the same configuration and methods as
 * the Spark 3.5 line's helper. Sharing it pays Spark's start-up once.
 */
public final class SparkTestSupport {

  private static SparkSession spark;

  private SparkTestSupport() {}

  /** The shared session, started on first use. */
  public static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("rectifier-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.showConsoleProgress", "false")
          .getOrCreate();
    }
    return spark;
  }

  /** Fails unless the two frames have the same schema and the same rows, in order. */
  public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(expected.schema(), actual.schema(), "schema");
    List<Row> e = expected.collectAsList();
    List<Row> a = actual.collectAsList();
    assertEquals(e.size(), a.size(), "row count");
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i), a.get(i), "row " + i);
    }
  }
}
