package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/** MLPClassifier learns what it should and its model behaves as a Spark classifier. */
class MLPClassifierTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
  }

  private static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predictions);
  }

  @Test
  void learnsXorWithTwoEightTwoRelu() {
    Dataset<Row> xor = TestData.xor(spark, 16).repartition(2);
    MLPClassificationModel model = new MLPClassifier()
        .setLayers(new int[] {2, 8, 2})
        .setActivation("relu")
        .setStepSize(0.03)
        .setBatchSize(16)
        .setMaxIter(60)
        .setSeed(7)
        .fit(xor);
    assertEquals(1.0, accuracy(model.transform(xor)), 1e-12);
    assertEquals(2, model.numClasses());
    assertEquals(2, model.numFeatures());
    assertArrayEquals(new int[] {2, 8, 2}, model.getLayers());
    assertEquals(2 * 8 + 8 + 8 * 2 + 2, model.weights().size());
    double[] losses = model.summary().lossHistory();
    assertTrue(losses[losses.length - 1] < 0.1 * losses[0], "loss should fall by 10x");
  }

  @Test
  void atLeastAsAccurateAsLogisticRegressionOnRings() {
    Dataset<Row> data = TestData.rings(spark, 200, 3).repartition(3);
    Dataset<Row>[] split = data.randomSplit(new double[] {0.75, 0.25}, 11);
    MLPClassificationModel mlp = new MLPClassifier()
        .setHiddenLayers(new int[] {32, 32})
        .setStepSize(0.01)
        .setBatchSize(64)
        .setMaxIter(40)
        .setSeed(3)
        .fit(split[0]);
    double mlpAccuracy = accuracy(mlp.transform(split[1]));
    double lrAccuracy = accuracy(new LogisticRegression().fit(split[0]).transform(split[1]));
    assertTrue(mlpAccuracy >= lrAccuracy, mlpAccuracy + " vs LogisticRegression " + lrAccuracy);
    assertTrue(mlpAccuracy > 0.9, "MLP accuracy on rings " + mlpAccuracy);
    assertEquals(3, mlp.numClasses());
  }
}
