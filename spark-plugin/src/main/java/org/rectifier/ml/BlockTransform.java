package org.rectifier.ml;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.rectifier.compat.InternalFrames;
import org.apache.spark.sql.types.StructType;

/** Appends a model's output columns to a Dataset, choosing the fastest path that applies. */
final class BlockTransform {

  private BlockTransform() {
  }

  /**
   * The input with {@code outputs} appended as the columns {@code schema} adds after the input's.
   * Batch Datasets go through internal rows (the input plan is executed as an RDD, the result
   * wrapped as a DataFrame with {@code schema}); streaming ones keep the logical plan through
   * {@code mapPartitions}, since a streaming plan cannot be turned into an RDD.
   */
  static Dataset<Row> apply(Dataset<?> dataset, StructType schema, ModelCore core,
      String featuresCol, BlockPredictor.Output[] outputs, double[] thresholds) {
    int featuresIndex = dataset.schema().fieldIndex(featuresCol);
    if (dataset.isStreaming()) {
      return dataset.toDF().mapPartitions(
          new RowPredictor(core, featuresIndex, featuresCol, outputs, thresholds),
          Encoders.row(schema));
    }
    InternalRowPredictor predictor =
        new InternalRowPredictor(core, featuresIndex, featuresCol, outputs, thresholds);
    RDD<InternalRow> rows =
        InternalFrames.rows(dataset).toJavaRDD().mapPartitions(predictor, true).rdd();
    return InternalFrames.of(dataset.sparkSession(), rows, schema);
  }
}
