package org.rectifier.examples;

import java.util.Locale;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.ConvNetClassificationModel;
import org.rectifier.ml.ConvNetClassifier;
import org.rectifier.ml.MLPTrainingSummary;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.nn.TrainingHistory;

/**
 * The ReLU tutorial's convolutional network, trained on Spark:
 *
 * <pre>
 * Conv2D(32, (3, 3), relu, input_shape=(64, 64, 3)) MaxPooling2D((2, 2))
 * Conv2D(64, (3, 3), relu) MaxPooling2D((2, 2)) Flatten() Dense(128, relu) Dense(10, softmax)
 * adam, categorical_crossentropy, accuracy
 * </pre>
 *
 * <p>as {@code ConvNetClassifier} with the architecture
 * {@value org.rectifier.ml.params.ParamDefs#DEFAULT_ARCHITECTURE}, on {@link SyntheticShapes}
 * (ten classes of coloured shapes, 64x64x3). Prints the layer table, the epochs, the test
 * accuracy and the dead channels of each conv layer.
 *
 * <p>Options: {@code --images N} (default 2000, a fifth held out for the test),
 * {@code --epochs N} (3), {@code --batch-size N} (64), {@code --architecture SPEC},
 * {@code --master URL} (local[2]).
 */
public final class TutorialConvNet {

  private TutorialConvNet() {}

  /** Runs it; see the class comment for the options. */
  public static void main(String[] args) {
    long images = 2000;
    int epochs = 3;
    int batch = 64;
    String architecture = ParamDefs.DEFAULT_ARCHITECTURE;
    String master = "local[2]";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--images": images = Long.parseLong(args[i + 1]); break;
        case "--epochs": epochs = Integer.parseInt(args[i + 1]); break;
        case "--batch-size": batch = Integer.parseInt(args[i + 1]); break;
        case "--architecture": architecture = args[i + 1]; break;
        case "--master": master = args[i + 1]; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --images, --epochs, --batch-size, --architecture, --master");
      }
    }
    SparkSession.Builder builder = SparkSession.builder().appName("Rectifier tutorial conv net");
    if (System.getProperty("spark.master") == null) {
      builder.master(master);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      Result r = run(spark, images, epochs, batch, architecture, 1);
      System.out.println(r.report);
    } catch (IllegalArgumentException e) {
      // A bad architecture or shape: the message says what and where; a stack trace would
      // bury it.
      System.err.println("TutorialConvNet: " + e.getMessage());
      spark.stop();
      System.exit(2);
    } finally {
      spark.stop();
    }
  }

  /** What a run printed and measured. */
  static final class Result {
    final ConvNetClassificationModel model;
    final double testAccuracy;
    final String report;

    Result(ConvNetClassificationModel model, double testAccuracy, String report) {
      this.model = model;
      this.testAccuracy = testAccuracy;
      this.report = report;
    }
  }

  /** Trains on {@code images} synthetic images (a fifth held out) and reports. */
  static Result run(SparkSession spark, long images, int epochs, int batch, String architecture,
      long seed) {
    int partitions = spark.sparkContext().defaultParallelism();
    Dataset<Row> train = SyntheticShapes.load(spark, images * 4 / 5, 64, partitions, seed)
        .cache();
    Dataset<Row> test = SyntheticShapes.load(spark, images / 5, 64, partitions, seed + 1)
        .cache();
    ConvNetClassifier estimator = new ConvNetClassifier().setArchitecture(architecture)
        .setInputShape(new int[] {64, 64, 3}).setSolver("adam").setBatchSize(batch)
        .setMaxIter(epochs).setSeed(seed).setTol(0);
    long start = System.nanoTime();
    ConvNetClassificationModel model = estimator.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    StringBuilder s = new StringBuilder(model.layerTable()).append("\n\n");
    MLPTrainingSummary summary = model.summary();
    for (TrainingHistory.Epoch e : summary.epochs()) {
      s.append(String.format(Locale.ROOT, "epoch %2d  loss %.4f  accuracy %.4f  %.1f s  %.1f"
          + " images/s%n", e.epoch, e.loss, e.accuracy, e.seconds, e.rowsPerSecond));
    }
    s.append(String.format(Locale.ROOT, "%nTrained on %d images in %.1f s; test accuracy %.4f"
        + " on %d images (chance 0.10)%n", summary.numRows(), seconds, accuracy,
        images / 5));
    String[] layers = summary.activityLayers();
    boolean[][] dead = summary.deadUnits();
    double[][] sparsity = summary.sparsityHistory();
    double[] lastSparsity = sparsity[sparsity.length - 1];
    for (int l = 0; l < layers.length; l++) {
      int count = 0;
      StringBuilder which = new StringBuilder();
      for (int c = 0; c < dead[l].length; c++) {
        if (dead[l][c]) {
          count++;
          which.append(which.length() == 0 ? "" : ",").append(c);
        }
      }
      s.append(String.format(Locale.ROOT, "%-22s %5.1f%% of outputs zero, %d of %d %s dead%s%n",
          layers[l], 100 * lastSparsity[l], count, dead[l].length,
          layers[l].startsWith("conv2d") ? "channels" : "units",
          count == 0 ? "" : " (" + which + ")"));
    }
    return new Result(model, accuracy, s.toString());
  }
}
