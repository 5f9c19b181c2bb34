package org.rectifier.compat;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/** DataFrames over Spark's internal rows (Spark 3.5: methods of the one SparkSession class). */
public final class InternalFrames {

  private InternalFrames() {}

  /** The rows of {@code dataset}'s executed plan. */
  public static RDD<InternalRow> rows(Dataset<?> dataset) {
    return dataset.queryExecution().toRdd();
  }

  /** A DataFrame of {@code rows}, which hold {@code schema}, in {@code session}. */
  public static Dataset<Row> of(SparkSession session, RDD<InternalRow> rows,
      StructType schema) {
    return session.internalCreateDataFrame(rows, schema, false);
  }
}
