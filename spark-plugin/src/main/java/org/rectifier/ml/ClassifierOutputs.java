package org.rectifier.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The outputs every Rectifier classifier model shares: rawPrediction as log-probabilities,
 * probability as their softmax, and the columns a transform appends.
 */
final class ClassifierOutputs {

  private ClassifierOutputs() {}

  /**
   * Log-probabilities: the output logits shifted by their log-sum-exp. Softmax ignores the shift,
   * but without it entry k alone would not rank rows by the probability of class k, and
   * BinaryClassificationEvaluator ranks by entry 1 of rawPrediction.
   */
  static Vector logProbabilities(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    double sum = 0;
    for (double z : logits) {
      sum += Math.exp(z - max);
    }
    double logSum = max + Math.log(sum);
    for (int i = 0; i < logits.length; i++) {
      logits[i] -= logSum;
    }
    return Vectors.dense(logits);
  }

  /** Softmax of {@code rawPrediction}, in place. */
  static Vector softmaxInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    double max = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      max = Math.max(max, d);
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= sum;
    }
    return rawPrediction;
  }

  /**
   * Same columns and semantics as Spark's probabilistic classifiers (empty column names are
   * skipped, thresholds rescale probabilities), computed a block of rows at a time.
   *
   * @param schema the model's output schema for {@code dataset}
   * @param featuresCol the column of feature vectors in {@code dataset}
   */
  static Dataset<Row> transform(ProbabilisticClassificationModel<Vector, ?> model,
      Dataset<?> dataset, StructType schema, ModelCore core, String featuresCol) {
    List<BlockPredictor.Output> outputs = new ArrayList<>();
    List<String> cols = new ArrayList<>();
    addIfNamed(outputs, cols, model.getRawPredictionCol(), BlockPredictor.Output.RAW);
    addIfNamed(outputs, cols, model.getProbabilityCol(), BlockPredictor.Output.PROBABILITY);
    addIfNamed(outputs, cols, model.getPredictionCol(), BlockPredictor.Output.PREDICTION);
    if (outputs.isEmpty()) {
      return dataset.toDF();
    }
    StructType out = dataset.schema();
    for (String c : cols) {
      out = out.add(schema.apply(c));
    }
    double[] thresholds = model.isDefined(model.thresholds()) ? model.getThresholds() : null;
    return BlockTransform.apply(dataset, out, core, featuresCol,
        outputs.toArray(new BlockPredictor.Output[0]), thresholds);
  }

  private static void addIfNamed(List<BlockPredictor.Output> outputs, List<String> cols,
      String col, BlockPredictor.Output output) {
    if (col != null && !col.isEmpty()) {
      outputs.add(output);
      cols.add(col);
    }
  }
}
