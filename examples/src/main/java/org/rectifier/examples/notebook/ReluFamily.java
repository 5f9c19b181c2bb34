package org.rectifier.examples.notebook;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.ml.MLPTrainingSummary;

/**
 * The ReLU family side by side: the same deep network trained once per activation with the same
 * seed, data and optimizer, keeping each run's model, summary and test accuracy for charts and
 * tables.
 */
public final class ReluFamily {

  /** One activation's run. */
  public static final class Run {
    /** The activation name. */
    public final String activation;
    /** The fitted model. */
    public final MLPClassificationModel model;
    /** Its per-epoch history. */
    public final MLPTrainingSummary summary;
    /** Accuracy on the test split. */
    public final double testAccuracy;
    /** Wall-clock seconds of the fit. */
    public final double seconds;

    Run(String activation, MLPClassificationModel model, double testAccuracy, double seconds) {
      this.activation = activation;
      this.model = model;
      this.summary = model.summary();
      this.testAccuracy = testAccuracy;
      this.seconds = seconds;
    }

    /** The last epoch's value of a per-epoch, per-layer history such as dead units. */
    static double[] last(double[][] history) {
      return history[history.length - 1];
    }
  }

  private ReluFamily() {}

  /**
   * Trains {@code depth} hidden layers of {@code width} units once per activation (Adam, step
   * size 0.001, batch 32, {@code epochs} epochs, seed 3), in order, and evaluates each on
   * {@code test}.
   */
  public static Map<String, Run> compare(Dataset<Row> train, Dataset<Row> test,
      List<String> activations, int depth, int width, int epochs) {
    int[] hidden = new int[depth];
    Arrays.fill(hidden, width);
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    Map<String, Run> runs = new LinkedHashMap<>();
    for (String activation : activations) {
      long start = System.nanoTime();
      MLPClassificationModel model = new MLPClassifier().setHiddenLayers(hidden)
          .setActivation(activation).setStepSize(0.001).setBatchSize(32).setMaxIter(epochs)
          .setSeed(3).setTol(0).fit(train);
      double seconds = (System.nanoTime() - start) / 1e9;
      runs.put(activation, new Run(activation, model, accuracy.evaluate(model.transform(test)),
          seconds));
    }
    return runs;
  }

  /** Per activation, the training loss per epoch. */
  public static Map<String, double[]> lossCurves(Map<String, Run> runs) {
    Map<String, double[]> out = new LinkedHashMap<>();
    runs.forEach((name, run) -> out.put(name, run.summary.lossHistory()));
    return out;
  }

  /** Per activation, each hidden layer's dead-unit fraction in the last epoch. */
  public static Map<String, double[]> deadUnits(Map<String, Run> runs) {
    Map<String, double[]> out = new LinkedHashMap<>();
    runs.forEach((name, run) -> out.put(name, Run.last(run.summary.deadUnitHistory())));
    return out;
  }

  /** Per activation, each hidden layer's activation sparsity (share of exact zeros), last epoch. */
  public static Map<String, double[]> sparsity(Map<String, Run> runs) {
    Map<String, double[]> out = new LinkedHashMap<>();
    runs.forEach((name, run) -> out.put(name, Run.last(run.summary.sparsityHistory())));
    return out;
  }

  /**
   * Per activation, each hidden layer's mean weight-gradient norm in the first epoch (the output
   * layer's is left out): where a vanishing gradient shows, before training has moved far.
   */
  public static Map<String, double[]> firstEpochGradientNorms(Map<String, Run> runs) {
    Map<String, double[]> out = new LinkedHashMap<>();
    runs.forEach((name, run) -> {
      double[] norms = run.summary.gradientNormHistory()[0];
      out.put(name, Arrays.copyOf(norms, norms.length - 1));
    });
    return out;
  }

  /** A table: final loss, test accuracy, time, mean dead units, first/last gradient-norm ratio. */
  public static String table(Map<String, Run> runs) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%-11s %10s %9s %8s %11s %11s %19s%n", "activation", "final loss", "test acc", "time s",
        "dead units", "sparsity", "grad first/last"));
    for (Run r : runs.values()) {
      double[] norms = r.summary.gradientNormHistory()[0];
      sb.append(String.format(Locale.ROOT, "%-11s %10.4f %9.3f %8.1f %10.1f%% %10.1f%% %19.2e%n",
          r.activation, r.summary.lossHistory()[r.summary.totalIterations() - 1],
          r.testAccuracy, r.seconds,
          100 * Arrays.stream(Run.last(r.summary.deadUnitHistory())).average().orElse(0),
          100 * Arrays.stream(Run.last(r.summary.sparsityHistory())).average().orElse(0),
          norms[0] / norms[norms.length - 2]));
    }
    return sb.toString();
  }
}
