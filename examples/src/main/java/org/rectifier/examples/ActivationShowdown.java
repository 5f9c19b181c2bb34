package org.rectifier.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.ml.MLPTrainingSummary;

/**
 * The ReLU family against sigmoid and tanh on the same data and the same deep network (default
 * 8 hidden layers of 64): final loss, test accuracy, time and dead units per activation. In a
 * deep sigmoid network the gradient vanishes on its way down (the table shows the first
 * layer's gradient norm against the last one's), and it barely learns.
 * Arguments: epochs (default 20), depth (default 8).
 */
public final class ActivationShowdown {

  static final List<String> ACTIVATIONS = List.of(
      "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "sigmoid", "tanh");

  /** One row of the table. */
  static final class Result {
    final String activation;
    final double loss;
    final double accuracy;
    final double seconds;
    final double deadFraction;
    /** First hidden layer's gradient norm over the last hidden layer's, in the last epoch. */
    final double gradientRatio;

    Result(String activation, double loss, double accuracy, double seconds,
        double deadFraction, double gradientRatio) {
      this.activation = activation;
      this.loss = loss;
      this.accuracy = accuracy;
      this.seconds = seconds;
      this.deadFraction = deadFraction;
      this.gradientRatio = gradientRatio;
    }
  }

  private ActivationShowdown() {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int depth = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    SparkSession spark = Examples.session("ActivationShowdown");
    try {
      System.out.print(table(run(spark, epochs, depth), depth));
    } finally {
      spark.stop();
    }
  }

  static List<Result> run(SparkSession spark, int epochs, int depth) {
    Dataset<Row>[] split = Examples.digitsSplit(spark);
    int[] hidden = new int[depth];
    Arrays.fill(hidden, 64);
    List<Result> results = new ArrayList<>();
    for (String activation : ACTIVATIONS) {
      long start = System.nanoTime();
      MLPClassificationModel model = new MLPClassifier().setHiddenLayers(hidden)
          .setActivation(activation).setStepSize(0.001).setBatchSize(32).setMaxIter(epochs)
          .setSeed(3).setTol(0).fit(split[0]);
      double seconds = (System.nanoTime() - start) / 1e9;
      MLPTrainingSummary s = model.summary();
      double[] lastDead = s.deadUnitHistory()[s.totalIterations() - 1];
      double[] norms = s.gradientNormHistory()[s.totalIterations() - 1];
      results.add(new Result(activation, s.lossHistory()[s.totalIterations() - 1],
          Examples.accuracy(model.transform(split[1])), seconds,
          Arrays.stream(lastDead).average().orElse(Double.NaN), norms[0] / norms[depth - 1]));
    }
    return results;
  }

  static String table(List<Result> results, int depth) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%d hidden layers of 64, digits%n%-11s %10s %14s %9s %12s %22s%n", depth, "activation",
        "final loss", "test accuracy", "time (s)", "dead units", "grad norm first/last"));
    for (Result r : results) {
      sb.append(String.format(Locale.ROOT, "%-11s %10.4f %14.4f %9.1f %11.1f%% %22.2e%n",
          r.activation, r.loss, r.accuracy, r.seconds, 100 * r.deadFraction, r.gradientRatio));
    }
    sb.append("(grad norm first/last: mean gradient norm of the first hidden layer's weights over"
        + " the last one's; far below 1 is the vanishing gradient)\n");
    return sb.toString();
  }
}
