package org.rectifier.examples;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the example programs share: their Spark session and the accuracy metric. */
final class Examples {

  private Examples() {}

  /** A session for a stand-alone run (spark-submit's master wins when there is one). */
  static SparkSession session(String name) {
    SparkSession.Builder b = SparkSession.builder().appName(name);
    if (System.getProperty("spark.master") == null) {
      b.master("local[2]");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predictions);
  }

  /** Mean log loss of the true label's probability over {@code predictions}' rows. */
  static double logLoss(Dataset<Row> predictions) {
    double sum = 0;
    java.util.List<Row> rows = predictions.select("probability", "label").collectAsList();
    for (Row r : rows) {
      org.apache.spark.ml.linalg.Vector p = r.getAs(0);
      sum -= Math.log(Math.max(p.apply((int) r.getDouble(1)), 1e-300));
    }
    return sum / rows.size();
  }

  /** The embedded digits split 80/20 with a fixed seed: {train, test}, cached. */
  static Dataset<Row>[] digitsSplit(SparkSession spark) {
    Dataset<Row>[] split = EmbeddedDigits.load(spark, 2).randomSplit(new double[] {0.8, 0.2}, 7);
    split[0].cache();
    split[1].cache();
    return split;
  }
}
