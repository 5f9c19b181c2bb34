package org.rectifier.examples;

import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;

/**
 * The same data and layer sizes through MLlib's {@code MultilayerPerceptronClassifier} (sigmoid,
 * L-BFGS, float64) and Rectifier's {@code MLPClassifier} (relu, Adam, float32): fit time and test
 * accuracy. Arguments: MLlib iterations (default 100), Rectifier epochs (default 30).
 */
public final class VersusMLlib {

  private VersusMLlib() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    SparkSession spark = Examples.session("VersusMLlib");
    try {
      System.out.print(run(spark, iterations, epochs));
    } finally {
      spark.stop();
    }
  }

  /** The comparison table. */
  static String run(SparkSession spark, int iterations, int epochs) {
    Dataset<Row>[] split = Examples.digitsSplit(spark);
    int[] layers = {64, 64, 10};
    long t0 = System.nanoTime();
    MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
        .setLayers(layers).setMaxIter(iterations).setSeed(1).fit(split[0]);
    double mllibSeconds = (System.nanoTime() - t0) / 1e9;
    double mllibAccuracy = Examples.accuracy(mllib.transform(split[1]));
    long t1 = System.nanoTime();
    MLPClassificationModel ours = new MLPClassifier().setLayers(layers).setActivation("relu")
        .setBatchSize(32).setMaxIter(epochs).setSeed(1).setTol(0).fit(split[0]);
    double oursSeconds = (System.nanoTime() - t1) / 1e9;
    double oursAccuracy = Examples.accuracy(ours.transform(split[1]));
    return String.format(Locale.ROOT,
        "layers %s on the digits%n%-48s %9s %14s%n%-48s %9.1f %14.4f%n%-48s %9.1f %14.4f%n",
        java.util.Arrays.toString(layers), "model", "fit (s)", "test accuracy",
        "MLlib MultilayerPerceptronClassifier (" + iterations + " it.)", mllibSeconds,
        mllibAccuracy, "Rectifier MLPClassifier relu adam (" + epochs + " epochs)", oursSeconds,
        oursAccuracy);
  }
}
