package org.rectifier.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.nn.TrainingHistory;

/**
 * The main job: trains an {@link MLPClassifier} and prints what happened. With no arguments it
 * trains on the embedded UCI digits; see {@code --help} for real data. Runs under spark-submit
 * (the master then comes from spark-submit) or as a plain Java program.
 */
public final class Train {

  /** Exit code of a bad option or an unusable input file (one line on stderr). */
  static final int BAD_INPUT = 2;
  /** Exit code when the driver ran out of memory. */
  static final int OUT_OF_MEMORY = 3;

  private Train() {}

  /**
   * Runs the job; a failure exits with {@link #run(String[], SparkSession, PrintStream)}'s code,
   * success returns. Success does not call {@code System.exit(0)}: under YARN's cluster deploy
   * mode this method runs inside Spark's ApplicationMaster, which marks an application whose
   * main exits the JVM as FAILED ("Shutdown hook called before final status was reported").
   */
  public static void main(String[] args) {
    int code = run(args, null, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * The job: 0 when it trained (or printed --help), {@link #BAD_INPUT} for a bad option or input
   * file, {@link #OUT_OF_MEMORY}, or 1 for any other failure; each failure is one line on
   * {@code err} that says what the job was doing.
   *
   * @param session the session to use (left running), or null to start one and stop it after
   */
  static int run(String[] args, SparkSession session, PrintStream err) {
    TrainOptions o;
    try {
      o = TrainOptions.parse(args);
    } catch (TrainOptions.BadOption e) {
      err.println("Train: " + e.getMessage());
      return BAD_INPUT;
    }
    if (o.help) {
      System.out.println(TrainOptions.usage());
      return 0;
    }
    SparkSession spark = session != null ? session : startSpark(o);
    Step step = new Step();
    try {
      run(spark, o, step);
      return 0;
    } catch (BadDataFile e) {
      err.println("Train: " + e.getMessage());
      return BAD_INPUT;
    } catch (OutOfMemoryError e) {
      err.println(Failures.outOfMemory(e, step.now, Runtime.getRuntime().maxMemory()));
      return OUT_OF_MEMORY;
    } catch (Exception e) {
      err.println(Failures.line(e, step.now));
      return 1;
    } finally {
      if (session == null) {
        spark.stop();
      }
    }
  }

  private static SparkSession startSpark(TrainOptions o) {
    SparkSession.Builder builder = SparkSession.builder().appName("Rectifier Train");
    if (!SparkSession.getActiveSession().isDefined()
        && System.getProperty("spark.master") == null) {
      builder.master(o.master);
    }
    return builder.getOrCreate();
  }

  /** What the job is doing, for a failure's message: "reading /data/train-images.gz". */
  static final class Step {
    String now = "starting";
  }

  /** Trains and reports as {@link #main} does, throwing what fails. */
  static MLPClassificationModel run(SparkSession spark, TrainOptions o) throws Exception {
    return run(spark, o, new Step());
  }

  private static MLPClassificationModel run(SparkSession spark, TrainOptions o, Step step)
      throws Exception {
    System.out.println("Rectifier Train: " + o);
    String source = o.data == null ? "the embedded digits" : o.data;
    step.now = "reading " + source;
    Dataset<Row> data = TrainingData.load(spark, o);
    if (o.partitions > 0) {
      data = TrainingData.byContent(data, o.partitions);
    }
    Dataset<Row>[] split = data.randomSplit(new double[] {1 - o.testFraction, o.testFraction},
        o.seed);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    MLPClassifier estimator = new MLPClassifier().setHiddenLayers(o.hidden)
        .setActivation(o.activation).setSolver(o.solver).setStepSize(o.stepSize)
        .setBatchSize(o.batchSize).setMaxIter(o.epochs).setSeed(o.seed).setTol(0)
        .setValidationFraction(o.validationFraction);
    if (!Double.isNaN(o.alpha)) {
      estimator.setActivationAlpha(o.alpha);
    }
    step.now = "training on " + source;
    long start = System.nanoTime();
    MLPClassificationModel model = estimator.fit(train);
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    for (TrainingHistory.Epoch e : model.summary().epochs()) {
      String validation = Double.isNaN(e.validationLoss) ? "" : String.format(Locale.ROOT,
          "  val_loss %.4f  val_accuracy %.4f", e.validationLoss, e.validationAccuracy);
      System.out.println(String.format(Locale.ROOT,
          "epoch %3d  loss %.4f  accuracy %.4f%s  %.2f s  %.0f rows/s", e.epoch, e.loss,
          e.accuracy, validation, e.seconds, e.rowsPerSecond));
    }
    System.out.println("training path: " + model.summary().executionPath() + " ("
        + model.summary().executionPathReason() + ")");
    step.now = "evaluating on the test split of " + source;
    Dataset<Row> predictions = model.transform(test).cache();
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predictions);
    System.out.println();
    System.out.println(String.format(Locale.ROOT,
        "Trained %s on %d rows in %.1f s; test accuracy %.4f on %d rows",
        java.util.Arrays.toString(model.getLayers()), model.summary().numRows(), fitSeconds,
        accuracy, predictions.count()));
    System.out.println(ConfusionMatrix.render(predictions, model.numClasses()));
    List<TrainingHistory.Epoch> epochs = model.summary().epochs();
    TrainingHistory.Epoch last = epochs.get(epochs.size() - 1);
    for (int l = 0; l < last.sparsity.length; l++) {
      System.out.println(String.format(Locale.ROOT,
          "hidden layer %d (%d %s units): %.1f%% of outputs zero, %.1f%% of units dead"
              + " in the last epoch", l + 1, model.getLayers()[l + 1], model.getActivation(),
          100 * last.sparsity[l], 100 * last.deadFraction[l]));
    }
    if (o.plot != null) {
      step.now = "writing the plot " + o.plot;
      TrainingPlot.write(model.summary().epochs(), "Rectifier " + model.getActivation() + " "
          + java.util.Arrays.toString(model.getLayers()), new java.io.File(o.plot));
      System.out.println("Plot written to " + o.plot);
    }
    if (o.modelOut != null) {
      step.now = "saving the model to " + o.modelOut;
      model.write().overwrite().save(o.modelOut);
      System.out.println("Model saved to " + o.modelOut);
    }
    return model;
  }
}
