package org.rectifier.ml;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rectifier.train.InvalidInputException;

/**
 * Reads the {@code data/} Parquet of a saved model: exactly one row with the columns of its
 * schema ({@link ModelIO#SCHEMA}, or {@link ModelIO#CONV_SCHEMA} for a conv net), or an error
 * naming the path and what is there instead.
 */
final class ModelDataFile {

  private ModelDataFile() {}

  /**
   * The one row of {@code data/}, its columns in {@code schema}'s order.
   *
   * @throws InvalidInputException for no data files, unreadable Parquet, other columns, or other
   *     than one row
   */
  static Row readRow(SparkSession spark, LoadError where, StructType schema) {
    requireParquetFiles(spark, where, schema);
    List<Row> rows;
    try {
      Dataset<Row> data = spark.read().parquet(where.dataPath());
      requireColumns(data.schema(), where, schema);
      Column[] columns = java.util.Arrays.stream(schema.fieldNames()).map(functions::col)
          .toArray(Column[]::new);
      rows = data.select(columns).limit(2).collectAsList();
    } catch (InvalidInputException e) {
      throw e;
    } catch (Exception e) {
      // Spark's AnalysisException and SparkException are checked but thrown undeclared.
      throw where.data("cannot be read as Parquet (" + ModelIO.firstLine(e)
          + "); expected one row of " + describe(schema), e);
    }
    if (rows.size() != 1) {
      throw where.data((rows.isEmpty() ? "holds no rows" : "holds more than one row")
          + "; a saved model's data holds exactly one");
    }
    return rows.get(0);
  }

  /** Spark's own error for a directory without data files is "Unable to infer schema". */
  private static void requireParquetFiles(SparkSession spark, LoadError where,
      StructType schema) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(where.dataPath());
    try {
      for (org.apache.hadoop.fs.FileStatus f : dir.getFileSystem(
          spark.sparkContext().hadoopConfiguration()).listStatus(dir)) {
        String name = f.getPath().getName();
        if (!name.startsWith("_") && !name.startsWith(".")) {
          return;
        }
      }
    } catch (java.io.IOException e) {
      throw where.data("cannot be listed: " + ModelIO.firstLine(e));
    }
    throw where.data("holds no data files; expected one Parquet row of "
        + describe(schema));
  }

  private static void requireColumns(StructType actual, LoadError where, StructType schema) {
    for (StructField expected : schema.fields()) {
      scala.Option<Object> index = actual.getFieldIndex(expected.name());
      if (index.isEmpty() || !sameType(actual.fields()[(Integer) index.get()].dataType(),
          expected.dataType())) {
        throw where.data("has columns " + describe(actual) + "; expected "
            + describe(schema));
      }
    }
  }

  private static boolean sameType(DataType actual, DataType expected) {
    if (expected instanceof ArrayType) {
      return actual instanceof ArrayType && ((ArrayType) actual).elementType()
          .equals(((ArrayType) expected).elementType());
    }
    return actual.equals(expected);
  }

  private static String describe(StructType schema) {
    StringBuilder sb = new StringBuilder("(");
    for (StructField f : schema.fields()) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.name()).append(": ")
          .append(f.dataType().simpleString());
    }
    return sb.append(')').toString();
  }

}
