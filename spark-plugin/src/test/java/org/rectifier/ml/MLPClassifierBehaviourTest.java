package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activations;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/**
 * The classifier behaves as Spark users expect: every activation trains and predicts, every
 * numeric label type is accepted, output columns satisfy MLlib's contracts, row weights act as
 * repeated rows.
 */
class MLPClassifierBehaviourTest {

  private static SparkSession spark;
  private static Dataset<Row> blobs;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    blobs = TestData.blobs(spark, 50, 3, 4, 3.0, 8).repartition(2).cache();
  }

  @Test
  void everyActivationTrainsAndPredicts() {
    MulticlassClassificationEvaluator eval =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    for (String activation : Activations.NAMES) {
      MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {16})
          .setActivation(activation).setStepSize(0.01).setBatchSize(32).setMaxIter(15)
          .setSeed(4).fit(blobs);
      double[] losses = model.summary().lossHistory();
      assertTrue(losses[losses.length - 1] < losses[0], activation + " loss should fall");
      double accuracy = eval.evaluate(model.transform(blobs));
      assertTrue(accuracy > 0.9, activation + " accuracy " + accuracy);
      assertEquals(activation, model.getActivation());
    }
  }

  @Test
  void everyNumericLabelTypeIsAccepted() {
    for (String type : List.of("byte", "short", "int", "long", "float", "double",
        "decimal(10,0)")) {
      Dataset<Row> typed = blobs.withColumn("label", functions.col("label").cast(type));
      MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {4})
          .setMaxIter(1).fit(typed);
      assertEquals(3, model.numClasses(), type);
    }
  }

  @Test
  void outputColumnsFollowMllibContracts() {
    MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setMaxIter(5).fit(blobs);
    Row row = model.transform(blobs).select("rawPrediction", "probability", "prediction")
        .head();
    Vector raw = row.getAs(0);
    Vector prob = row.getAs(1);
    double sum = 0;
    for (double p : prob.toArray()) {
      assertTrue(p >= 0 && p <= 1);
      sum += p;
    }
    assertEquals(1.0, sum, 1e-9);
    assertEquals(raw.argmax(), prob.argmax());
    assertEquals(prob.argmax(), row.getDouble(2), 0.0);
    // Thresholds rescale probabilities before the argmax, as in MLlib.
    double[] thresholds = {1.0, 1.0, 1e-9};
    Dataset<Row> forced = model.setThresholds(thresholds).transform(blobs);
    assertEquals(0, forced.filter("prediction != 2.0").count());
    model.setThresholds(new double[] {1, 1, 1});
  }

  @Test
  void blockTransformMatchesRowByRowPrediction() {
    MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {8, 8})
        .setActivation("gelu").setMaxIter(3).fit(blobs);
    List<Row> rows = model.transform(blobs.repartition(3)).collectAsList();
    assertEquals(blobs.count(), rows.size());
    for (Row row : rows) {
      Vector features = row.getAs("features");
      Vector raw = model.predictRaw(features);
      Vector expectedProb = model.raw2probability(raw);
      Vector gotRaw = row.getAs("rawPrediction");
      Vector gotProb = row.getAs("probability");
      for (int c = 0; c < 3; c++) {
        assertEquals(raw.apply(c), gotRaw.apply(c), 1e-5);
        assertEquals(expectedProb.apply(c), gotProb.apply(c), 1e-6);
      }
      assertEquals(expectedProb.argmax(), (double) row.getAs("prediction"), 0.0);
    }
    Dataset<Row> onlyPrediction = model.copy(new org.apache.spark.ml.param.ParamMap())
        .setRawPredictionCol("").setProbabilityCol("").transform(blobs);
    assertEquals(List.of("features", "label", "prediction"),
        java.util.Arrays.asList(onlyPrediction.columns()));
  }

  @Test
  void preluSlopesAreLearnedPerUnitAndVisible() {
    MLPClassificationModel prelu = new MLPClassifier().setHiddenLayers(new int[] {8, 5})
        .setActivation("prelu").setMaxIter(5).setStepSize(0.01).setSeed(2).fit(blobs);
    double[][] slopes = prelu.activationParameters();
    assertEquals(2, slopes.length);
    assertEquals(8, slopes[0].length);
    assertEquals(5, slopes[1].length);
    long moved = java.util.Arrays.stream(slopes[0]).filter(a -> Math.abs(a - 0.25) > 1e-6)
        .count();
    assertTrue(moved > 0, "no slope moved from its initial 0.25");
    MLPClassificationModel relu = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setMaxIter(1).fit(blobs);
    assertEquals(0, relu.activationParameters()[0].length);
  }

  @Test
  void binaryClassificationEvaluatorWorksOnBinaryOutput() {
    Dataset<Row> two = blobs.filter("label < 2");
    MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setMaxIter(20).setBatchSize(16).setStepSize(0.01).fit(two);
    assertEquals(2, model.numClasses());
    BinaryClassificationEvaluator eval = new BinaryClassificationEvaluator();
    double auc = eval.evaluate(model.transform(two));
    double lrAuc = eval.evaluate(
        new org.apache.spark.ml.classification.LogisticRegression().fit(two).transform(two));
    assertTrue(auc > 0.9 && auc >= lrAuc - 0.02, "AUC " + auc + " vs logistic " + lrAuc
        + ", losses " + java.util.Arrays.toString(model.summary().lossHistory()));
  }

  @Test
  void aRowWeightOfTwoActsLikeTheRowTwice() {
    int[] layers = {4, 5, 3};
    double[] w0 = Topology.classifier(layers, Activations.create("relu", Double.NaN))
        .initialWeights(1);
    Dataset<Row> small = blobs.limit(30).cache();
    Dataset<Row> weighted = small.withColumn("w",
        functions.when(functions.col("label").equalTo(1.0), 2.0).otherwise(1.0));
    Dataset<Row> repeated = small.union(small.filter("label = 1.0"));
    MLPClassifier sgd = new MLPClassifier().setLayers(layers).setSolver("sgd").setStepSize(1)
        .setBatchSize(1000).setMaxIter(1).setInitialWeights(Vectors.dense(w0));
    double[] a = sgd.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("w")
        .fit(weighted).weights().toArray();
    double[] b = sgd.fit(repeated).weights().toArray();
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-5, "parameter " + i);
    }
    double[] unweighted = sgd.fit(small).weights().toArray();
    boolean differs = false;
    for (int i = 0; i < a.length; i++) {
      differs |= Math.abs(unweighted[i] - a[i]) > 1e-4;
    }
    assertTrue(differs, "weights must change the gradient");
  }

  @Test
  void weightsVectorUsesTheEngineLayout() {
    MLPClassificationModel model = new MLPClassifier().setLayers(new int[] {4, 3, 3})
        .setMaxIter(0).setSeed(2).fit(blobs);
    double[] expected = Topology.classifier(new int[] {4, 3, 3},
        Activations.create("relu", Double.NaN)).initialWeights(2);
    assertArrayEquals(expected, model.weights().toArray());
  }
}
