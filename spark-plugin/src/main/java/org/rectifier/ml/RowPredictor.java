package org.rectifier.ml;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Block prediction over external {@link Row}s through {@code Dataset.mapPartitions}. Slower than
 * {@link InternalRowPredictor} (every column is decoded and re-encoded) but it keeps the logical
 * plan, so it is what streaming Datasets get.
 */
final class RowPredictor extends BlockPredictor<Row> implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final int featuresIndex;

  RowPredictor(ModelCore core, int featuresIndex, String featuresCol, Output[] outputs,
      double[] thresholds) {
    super(core, featuresCol, outputs, thresholds);
    this.featuresIndex = featuresIndex;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return predict(input);
  }

  @Override
  void readFeatures(Row row, float[] x, int offset, long index) {
    core.copyFeatures((Vector) row.get(featuresIndex), x, offset, featuresCol, index);
  }

  @Override
  Row retain(Row row, int slot) {
    return row;
  }

  @Override
  Row append(Row row, double[] raw, double[] prob, double value) {
    int n = row.length();
    Object[] values = new Object[n + outputs.length];
    for (int i = 0; i < n; i++) {
      values[i] = row.get(i);
    }
    for (int j = 0; j < outputs.length; j++) {
      switch (outputs[j]) {
        case RAW:
          values[n + j] = Vectors.dense(raw);
          break;
        case PROBABILITY:
          values[n + j] = Vectors.dense(prob);
          break;
        default:
          values[n + j] = value;
      }
    }
    return RowFactory.create(values);
  }
}
