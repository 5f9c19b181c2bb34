package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rectifier.testing.ErrorMessages;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;
import org.rectifier.train.InvalidInputException;

/**
 * Every bad input named by the API contract fails with a message that names the column or param,
 * the offending value and what was expected; never a bare NPE or an unreadable stage failure.
 */
class BadInputTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
  }

  private static Dataset<Row> frame(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, TestData.schema()).repartition(2);
  }

  private static MLPClassifier quick() {
    return new MLPClassifier().setHiddenLayers(new int[] {3}).setMaxIter(1);
  }

  /** Asserts {@code action} throws an IllegalArgumentException whose message has every part. */
  private static void assertMessage(Executable action, String... parts) {
    ErrorMessages.expect(IllegalArgumentException.class, action, parts);
  }

  @Test
  void nanAndInfiniteFeatures() {
    assertMessage(() -> quick().fit(frame(
        new Object[] {Vectors.dense(1, 2), 0.0},
        new Object[] {Vectors.dense(1, Double.NaN), 1.0})),
        "'features'", "NaN", "index 1", "expected finite");
    assertMessage(() -> quick().fit(frame(
        new Object[] {Vectors.dense(Double.POSITIVE_INFINITY, 2), 0.0})),
        "'features'", "Infinity", "expected finite");
    assertMessage(() -> quick().fit(frame(new Object[] {Vectors.dense(1e300, 2), 0.0})),
        "'features'", "1.0E300", "overflows float32");
  }

  @Test
  void featureVectorsOfDifferentSizes() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create(Vectors.dense(1, 2), 0.0));
    }
    rows.add(RowFactory.create(Vectors.dense(1, 2, 3), 1.0));
    // One partition: found row by row.
    Dataset<Row> onePartition = spark.createDataFrame(rows, TestData.schema()).coalesce(1);
    assertMessage(() -> quick().fit(onePartition), "'features'", "size 3", "size 2");
    // Spread out so the odd row may sit alone in its partition: found when partitions meet.
    assertMessage(() -> quick().fit(spark.createDataFrame(rows, TestData.schema())
        .repartition(11)), "'features'", "3", "2", "same size");
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {3, 4, 2}).fit(onePartition),
        "'features'", "size 2", "layers[0] is 3");
  }

  @Test
  void nullFeaturesOrLabels() {
    assertMessage(() -> quick().fit(frame(new Object[] {null, 0.0})),
        "'features'", "null", "expected a features vector");
    assertMessage(() -> quick().fit(frame(new Object[] {Vectors.dense(1, 2), null})),
        "'label'", "null", "expected a class index");
    assertMessage(() -> new MLPRegressor().setMaxIter(1).fit(
        frame(new Object[] {Vectors.dense(1, 2), null})), "'label'", "null", "number");
  }

  @Test
  void featuresColumnNotAVector() {
    StructType schema = new StructType().add("features", DataTypes.StringType)
        .add("label", DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("1,2", 0.0)), schema);
    assertMessage(() -> quick().fit(df), "'features'", "string", "expected a Vector");
    assertMessage(() -> quick().setFeaturesCol("pixels").fit(TestData.xor(spark, 1)),
        "'pixels'", "does not exist", "features");
  }

  @Test
  void badLabels() {
    assertMessage(() -> quick().fit(frame(new Object[] {Vectors.dense(1, 2), -1.0})),
        "'label'", "-1.0", "whole number >= 0");
    assertMessage(() -> quick().fit(frame(new Object[] {Vectors.dense(1, 2), 0.5})),
        "'label'", "0.5", "whole number >= 0");
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {2, 3, 2}).fit(frame(
        new Object[] {Vectors.dense(1, 2), 0.0}, new Object[] {Vectors.dense(1, 2), 2.0})),
        "'label'", "2.0", "beyond the output layer", "[0, 1]");
    assertMessage(() -> new MLPRegressor().setMaxIter(1).fit(
        frame(new Object[] {Vectors.dense(1, 2), Double.NaN})), "'label'", "NaN", "finite");
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.StringType);
    Dataset<Row> strings = spark.createDataFrame(
        List.of(RowFactory.create(Vectors.dense(1, 2), "cat")), schema);
    assertMessage(() -> quick().fit(strings), "'label'", "string", "numeric");
  }

  @Test
  void badWeights() {
    StructType schema = TestData.schema().add("w", DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2), 0.0, 1.0),
        RowFactory.create(Vectors.dense(1, 2), 1.0, -2.0)), schema);
    assertMessage(() -> quick().setWeightCol("w").fit(df), "'w'", "-2.0", "weight >= 0");
  }

  @Test
  void emptyDataset() {
    Dataset<Row> empty = spark.createDataFrame(new ArrayList<Row>(), TestData.schema());
    assertMessage(() -> quick().fit(empty), "empty", "at least one row");
  }

  @Test
  void unknownActivationOrSolver() {
    assertMessage(() -> new MLPClassifier().setActivation("relu7"),
        "activation", "'relu7'", "leaky_relu", "gelu");
    assertMessage(() -> new MLPClassifier().setSolver("lbfgs"), "solver", "'lbfgs'", "adam");
  }

  @Test
  void badNumbersAndSizes() {
    assertMessage(() -> new MLPClassifier().setStepSize(0), "stepSize", "0.0", "> 0");
    assertMessage(() -> new MLPClassifier().setStepSize(-1), "stepSize", "-1.0", "> 0");
    assertMessage(() -> new MLPClassifier().setBatchSize(0), "batchSize", "0", "> 0");
    assertMessage(() -> new MLPClassifier().setMomentum(1.0), "momentum", "[0, 1)");
    assertMessage(() -> new MLPClassifier().setMaxIter(-1), "maxIter", ">= 0");
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {2, 0, 2}),
        "layers", "[2, 0, 2]", "positive");
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {2}), "layers", "at least 2");
    assertMessage(() -> new MLPClassifier().setHiddenLayers(new int[] {8, 0}),
        "hiddenLayers", "[8, 0]", "positive");
    assertMessage(() -> new MLPClassifier().setActivationAlpha(Double.NaN),
        "activationAlpha", "finite");
  }

  @Test
  void initialWeightsOfTheWrongSize() {
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {2, 3, 2})
        .setInitialWeights(Vectors.dense(new double[10])).fit(TestData.xor(spark, 1)),
        "initialWeights", "10 values", "[2, 3, 2]", "need 17");
  }

  @Test
  void transformOnVectorsOfTheWrongSize() {
    MLPClassificationModel model = quick().fit(TestData.xor(spark, 2));
    Dataset<Row> wide = frame(new Object[] {Vectors.dense(1, 2, 3), 0.0});
    SparkException e = assertThrows(SparkException.class,
        () -> model.transform(wide).collectAsList());
    String all = describe(e);
    assertTrue(all.contains("'features'") && all.contains("size 3")
        && all.contains("expects 2 features") && all.contains("at row 0 of partition "), all);
    assertThrows(InvalidInputException.class,
        () -> model.predictRaw(Vectors.dense(1, 2, 3)));
  }

  @Test
  void failedFitLeavesNothingCached() {
    int before = spark.sparkContext().getPersistentRDDs().size();
    assertThrows(IllegalArgumentException.class, () -> quick().fit(frame(
        new Object[] {Vectors.dense(1, 2), 0.0}, new Object[] {Vectors.dense(1, 2), -3.0})));
    assertEquals(before, spark.sparkContext().getPersistentRDDs().size());
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  @Test
  void layersAndHiddenLayersThatDisagree() {
    assertMessage(() -> quick().setLayers(new int[] {2, 4, 2}).setHiddenLayers(new int[] {5})
        .fit(TestData.xor(spark, 1)), "layers", "hiddenLayers", "disagree");
    assertEquals(Arrays.toString(new int[] {2, 4, 2}), Arrays.toString(
        quick().setLayers(new int[] {2, 4, 2}).setHiddenLayers(new int[] {4})
            .fit(TestData.xor(spark, 1)).getLayers()));
  }
}
