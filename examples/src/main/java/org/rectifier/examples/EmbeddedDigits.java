package org.rectifier.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The UCI handwritten digits (1797 rows of 8x8 pixel counts 0..16, label 0..9) shipped inside
 * the examples jar, as a DataFrame of (features, label) with pixels scaled to [0, 1].
 */
public final class EmbeddedDigits {

  private static final String RESOURCE = "/org/rectifier/examples/data/digits.csv.gz";

  private EmbeddedDigits() {}

  /** The data set as a DataFrame with {@code partitions} partitions. */
  public static Dataset<Row> load(SparkSession spark, int partitions) {
    return spark.createDataFrame(rows(), schema()).repartition(partitions);
  }

  /**
   * The same data as a plain table, the way it would sit in a warehouse: {@code pixel_0} ..
   * {@code pixel_63} (int counts 0..16, row-major 8x8) and {@code digit} (string "0".."9").
   * For pipelines that assemble, scale and index the columns themselves.
   */
  public static Dataset<Row> loadTable(SparkSession spark, int partitions) {
    StructType schema = new StructType();
    for (int i = 0; i < 64; i++) {
      schema = schema.add("pixel_" + i, DataTypes.IntegerType);
    }
    schema = schema.add("digit", DataTypes.StringType);
    List<Row> table = new ArrayList<>();
    for (double[] record : records()) {
      Object[] cells = new Object[65];
      for (int i = 0; i < 64; i++) {
        cells[i] = (int) record[i];
      }
      cells[64] = Integer.toString((int) record[64]);
      table.add(RowFactory.create(cells));
    }
    return spark.createDataFrame(table, schema).repartition(partitions);
  }

  /** (features: vector of 64, label: double). */
  public static StructType schema() {
    return new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
  }

  /** The rows, read from the classpath. */
  public static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (double[] record : records()) {
      double[] pixels = new double[record.length - 1];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = record[i] / 16.0;
      }
      rows.add(RowFactory.create(Vectors.dense(pixels), record[record.length - 1]));
    }
    return rows;
  }

  /** The file's records as they are: 64 pixel counts (0..16), then the digit. */
  private static List<double[]> records() {
    List<double[]> records = new ArrayList<>();
    try (InputStream raw = EmbeddedDigits.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader in = new BufferedReader(
          new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null) {
        String[] cells = line.split(",");
        double[] record = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
          record[i] = Double.parseDouble(cells[i]);
        }
        records.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }
}
