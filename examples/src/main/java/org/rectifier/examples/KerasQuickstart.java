package org.rectifier.examples;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;

/**
 * The ReLU tutorial's Keras model, in Spark:
 *
 * <pre>
 * model = Sequential([Dense(64, activation='relu'), Dense(10, activation='softmax')])
 * model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
 * model.fit(x_train, y_train, epochs=20, batch_size=32)
 * </pre>
 *
 * on the embedded digits. Prints the test accuracy. Argument: epochs (default 20).
 */
public final class KerasQuickstart {

  private KerasQuickstart() {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    SparkSession spark = Examples.session("KerasQuickstart");
    try {
      System.out.println(String.format(Locale.ROOT, "test accuracy %.4f", run(spark, epochs)));
    } finally {
      spark.stop();
    }
  }

  /** Trains the model and returns its test accuracy. */
  static double run(SparkSession spark, int epochs) {
    Dataset<Row>[] split = Examples.digitsSplit(spark);
    MLPClassificationModel model = new MLPClassifier()
        .setHiddenLayers(new int[] {64})   // Dense(64, activation='relu')
        .setActivation("relu")             // the output is Dense(10, softmax): 10 classes
        .setSolver("adam")                 // optimizer='adam', Keras's constants
        .setStepSize(0.001)                // Adam's default learning rate
        .setBatchSize(32)                  // batch_size=32
        .setMaxIter(epochs)                // epochs
        .setSeed(1)
        .fit(split[0]);                    // loss: softmax + categorical cross-entropy
    double[] losses = model.summary().lossHistory();
    double[] accuracies = model.summary().accuracyHistory();
    for (int e = 0; e < losses.length; e++) {
      System.out.println(String.format(Locale.ROOT, "Epoch %d/%d - loss: %.4f - accuracy: %.4f",
          e + 1, epochs, losses[e], accuracies[e]));
    }
    return Examples.accuracy(model.transform(split[1]));
  }
}
