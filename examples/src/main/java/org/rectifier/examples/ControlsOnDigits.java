package org.rectifier.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.ml.MLPTrainingSummary;

/**
 * The training controls on the embedded digits, one at a time against the same deliberately
 * overfitting baseline (two hidden layers of 256 for 287 training rows, Adam at 0.001, no
 * stopping rule): test accuracy, the returned model's validation loss, the best validation loss
 * of any epoch, the gap between the returned model's validation and training losses, and the
 * epochs run. A
 * second table weights the classes of an imbalanced copy (class 3 cut to 8 rows) and reports
 * that class's recall. Argument: epochs of the first table (default 60).
 *
 * <pre>
 * examples/run.sh org.rectifier.examples.ControlsOnDigits
 * </pre>
 */
public final class ControlsOnDigits {

  private ControlsOnDigits() {}

  /** What one configuration did. */
  public static final class Run {
    /** Its name in the table. */
    public final String name;
    /** Accuracy on the test rows. */
    public final double testAccuracy;
    /** Log loss of the returned model on the training rows (no dropout: the whole network). */
    public final double trainLoss;
    /** Log loss of the returned model on the validation rows. */
    public final double validationLoss;
    /** The fit's summary. */
    public final MLPTrainingSummary summary;
    /** Seconds the fit took. */
    public final double seconds;

    Run(String name, double testAccuracy, double trainLoss, double validationLoss,
        MLPTrainingSummary summary, double seconds) {
      this.name = name;
      this.testAccuracy = testAccuracy;
      this.trainLoss = trainLoss;
      this.validationLoss = validationLoss;
      this.summary = summary;
      this.seconds = seconds;
    }

    /** Lowest validation loss of any epoch. */
    public double bestValidationLoss() {
      double best = Double.POSITIVE_INFINITY;
      for (double v : summary.validationLossHistory()) {
        best = Math.min(best, v);
      }
      return best;
    }

    /**
     * Validation loss minus training loss of the returned model, both of the whole network:
     * what it learned that does not carry over to unseen rows. (The training loss in the
     * summary is that of the dropped-out networks the steps trained, which would flatter
     * dropout.)
     */
    public double gap() {
      return validationLoss - trainLoss;
    }
  }

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    SparkSession spark = Examples.session("ControlsOnDigits");
    try {
      Dataset<Row>[] split = Examples.digitsSplit(spark);
      Dataset<Row> small = smallTrainingSet(split[0]);
      System.out.printf(Locale.ROOT, "Embedded digits: %d training rows, %d validation rows"
          + " (a column marks them), %d test rows; 64-256-256-10 relu, adam 0.001, batch 32, up"
          + " to %d epochs%n%n", small.filter("NOT val").count(), small.filter("val").count(),
          split[1].count(), epochs);
      System.out.println(table(controls(small, split[1], epochs)));
      System.out.println();
      System.out.println(imbalanceTable(imbalance(split[0], split[1], 3, 8, 15), 3, 8));
    } finally {
      spark.stop();
    }
  }

  /** The baseline every row of the table changes one thing of. */
  public static MLPClassifier baseline(int epochs) {
    return new MLPClassifier().setHiddenLayers(new int[] {256, 256}).setActivation("relu")
        .setSolver("adam").setStepSize(0.001).setBatchSize(32).setMaxIter(epochs).setTol(0)
        .setSeed(3);
  }

  /** Each control alone against the baseline, in table order. */
  public static Map<String, UnaryOperator<MLPClassifier>> variants() {
    Map<String, UnaryOperator<MLPClassifier>> v = new LinkedHashMap<>();
    v.put("none (baseline)", c -> c);
    v.put("dropout 0.5", c -> c.setDropout(0.5));
    v.put("dropout 0.3 + inputDropout 0.1", c -> c.setDropout(0.3).setInputDropout(0.1));
    v.put("early stopping (patience 5, restore)", c -> c.setEarlyStoppingPatience(5));
    v.put("stepSizeSchedule cosine", c -> c.setStepSizeSchedule("cosine")
        .setMinStepSize(1e-5));
    v.put("stepSizeSchedule plateau (0.5, patience 3)", c -> c.setStepSizeSchedule("plateau")
        .setDecayRate(0.5).setDecayPatience(3));
    v.put("warmupEpochs 5", c -> c.setWarmupEpochs(5));
    v.put("clipNorm 0.5", c -> c.setClipNorm(0.5));
    v.put("adamw, weightDecay 0.1", c -> c.setSolver("adamw").setWeightDecay(0.1));
    v.put("regParam 1e-3, elasticNetParam 1 (L1)", c -> c.setRegParam(1e-3)
        .setElasticNetParam(1));
    v.put("regParam 1e-3 (L2)", c -> c.setRegParam(1e-3));
    v.put("dropout 0.5 + early stopping", c -> c.setDropout(0.5).setEarlyStoppingPatience(5));
    return v;
  }

  /**
   * About two fifths of {@code train} (556 rows of the digits' training split), with a boolean
   * {@code val} column marking about half of them for validation: few enough training rows
   * (287) that the baseline overfits. Seeded and cached, so every fit and evaluation sees the
   * same rows.
   */
  public static Dataset<Row> smallTrainingSet(Dataset<Row> train) {
    return train.withColumn("val", functions.expr("rand(11) < 0.5"))
        .filter("rand(12) < 0.4").cache();
  }

  /** Fits the baseline and every variant on {@code marked}'s training rows, scoring on test. */
  public static List<Run> controls(Dataset<Row> marked, Dataset<Row> test, int epochs) {
    List<Run> runs = new ArrayList<>();
    for (Map.Entry<String, UnaryOperator<MLPClassifier>> v : variants().entrySet()) {
      runs.add(fit(v.getKey(), v.getValue().apply(baseline(epochs)), marked, test));
    }
    return runs;
  }

  /** Fits {@code est} on {@code marked} (validation rows by its "val" column) and scores it. */
  public static Run fit(String name, MLPClassifier est, Dataset<Row> marked,
      Dataset<Row> test) {
    long t0 = System.nanoTime();
    MLPClassificationModel model = est.setValidationIndicatorCol("val").fit(marked);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Run(name, Examples.accuracy(model.transform(test)),
        Examples.logLoss(model.transform(marked.filter("NOT val"))),
        Examples.logLoss(model.transform(marked.filter("val"))), model.summary(), seconds);
  }

  /** The runs as a table. */
  public static String table(List<Run> runs) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%-42s %9s %9s %9s %9s %7s %5s %8s%n", "control", "test acc", "val loss", "best val",
        "val-train", "epochs", "kept", "stop"));
    for (Run r : runs) {
      b.append(String.format(Locale.ROOT, "%-42s %9.4f %9.4f %9.4f %9.4f %7d %5d %8s%n",
          r.name, r.testAccuracy, r.validationLoss, r.bestValidationLoss(), r.gap(),
          r.summary.totalIterations(), r.summary.keptEpoch(), r.summary.stopReason()));
    }
    return b.toString();
  }

  /**
   * The training rows with class {@code minority} cut to {@code keep} rows, fitted without and
   * with class weights; returns {name: recall of the minority class on the test rows}.
   */
  public static Map<String, double[]> imbalance(Dataset<Row> train, Dataset<Row> test,
      int minority, int keep, int epochs) {
    Dataset<Row> few = train.filter(functions.col("label").equalTo(minority)).limit(keep);
    Dataset<Row> imbalanced = train.filter(functions.col("label").notEqual(minority))
        .union(few).repartition(2).cache();
    Map<String, UnaryOperator<MLPClassifier>> v = new LinkedHashMap<>();
    v.put("none", c -> c);
    v.put("classBalance balanced", c -> c.setClassBalance("balanced"));
    double[] tenfold = new double[10];
    java.util.Arrays.fill(tenfold, 1);
    tenfold[minority] = 10;
    v.put("classWeights (10 for the minority)", c -> c.setClassWeights(tenfold));
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, UnaryOperator<MLPClassifier>> e : v.entrySet()) {
      MLPClassifier est = e.getValue().apply(new MLPClassifier().setHiddenLayers(new int[] {64})
          .setStepSize(0.003).setBatchSize(32).setMaxIter(epochs).setSeed(3).setTol(0));
      Dataset<Row> predictions = est.fit(imbalanced).transform(test);
      double recall = new MulticlassClassificationEvaluator().setMetricName("recallByLabel")
          .setMetricLabel(minority).evaluate(predictions);
      out.put(e.getKey(), new double[] {recall, Examples.accuracy(predictions)});
    }
    imbalanced.unpersist();
    return out;
  }

  /** The imbalance runs as a table. */
  public static String imbalanceTable(Map<String, double[]> runs, int minority, int keep) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "Class %d cut to %d training rows (64 relu, 15 epochs): %-17s %14s %9s%n", minority,
        keep, "class weights", "minority recall", "test acc"));
    for (Map.Entry<String, double[]> e : runs.entrySet()) {
      b.append(String.format(Locale.ROOT, "%-63s %14.4f %9.4f%n", e.getKey(), e.getValue()[0],
          e.getValue()[1]));
    }
    return b.toString();
  }
}
