package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.testing.ErrorMessages;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;
import org.rectifier.train.InvalidInputException;

/**
 * Features a model cannot predict from fail with a message naming the column, the row and
 * partition (inside a task), the vector index and the value: NaN, infinite or float32-overflowing
 * values, and sparse indices outside the model's input. Never a silent prediction of class 0.
 */
class TransformInputTest {

  private static SparkSession spark;
  private static MLPClassificationModel model;
  private static MLPRegressionModel regressor;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    model = new MLPClassifier().setHiddenLayers(new int[] {3}).setMaxIter(1)
        .fit(TestData.xor(spark, 2));
    regressor = new MLPRegressor().setHiddenLayers(new int[] {3}).setMaxIter(1)
        .fit(TestData.smoothRegression(spark, 20, 3));
  }

  /** One partition, so row indices in messages are the list's. */
  private static Dataset<Row> frame(Vector... features) {
    Row[] rows = new Row[features.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = RowFactory.create(features[i], 0.0);
    }
    return spark.createDataFrame(List.of(rows), TestData.schema()).coalesce(1);
  }

  @Test
  void nonFiniteDenseFeaturesFailTheBatchTransform() {
    assertTaskFails(() -> model.transform(frame(Vectors.dense(1, 2),
        Vectors.dense(1, 0), Vectors.dense(Double.NaN, 1))).collectAsList(),
        "Column 'features' holds NaN at index 0 of the vector at row 2 of partition 0;"
            + " expected finite numbers");
    assertTaskFails(() -> model.transform(frame(Vectors.dense(1, Double.NEGATIVE_INFINITY)))
        .select("prediction").collectAsList(), "holds -Infinity at index 1 of the vector at row 0");
    assertTaskFails(() -> regressor.transform(frame(Vectors.dense(0, 1e300))).collectAsList(),
        "holds 1.0E300 at index 1", "(the value overflows float32)");
  }

  @Test
  void nonFiniteSparseFeaturesFailTheBatchTransform() {
    assertTaskFails(() -> model.transform(frame(Vectors.dense(1, 2),
        Vectors.sparse(2, new int[] {1}, new double[] {Double.NaN}))).collectAsList(),
        "Column 'features' holds NaN at index 1 of the vector at row 1 of partition 0");
  }

  @Test
  void sparseIndicesOutsideTheInputFailTheBatchTransform() {
    // Spark's SparseVector refuses such indices, but rows written by other tools or code that
    // builds internal rows reach transform without that check: the struct is read as stored.
    StructType schema = TestData.schema();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int bad : new int[] {2, 7, -1}) {
      List<InternalRow> rows = List.of(
          row(sparse(2, new int[] {0}, new double[] {1})),
          row(sparse(2, new int[] {0, bad}, new double[] {1, 1})));
      Dataset<Row> df = org.rectifier.compat.InternalFrames.of(spark,
          jsc.parallelize(rows, 1).rdd(), schema);
      assertTaskFails(() -> model.transform(df).collectAsList(),
          "Column 'features' holds a sparse vector with index " + bad
              + " at row 1 of partition 0; the model has 2 features, so indices must be in"
              + " [0, 1]");
    }
  }

  @Test
  void nonFiniteFeaturesFailTheStreamingTransform(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in");
    frame(Vectors.dense(1, 2), Vectors.dense(Double.POSITIVE_INFINITY, 0)).write()
        .parquet(input.toString());
    Dataset<Row> stream = spark.readStream().schema(TestData.schema())
        .parquet(input.toString());
    StreamingQuery query = model.transform(stream).writeStream().format("memory")
        .queryName("rectifier_nonfinite_stream").start();
    try {
      assertTaskFails(query::processAllAvailable,
          "Column 'features' holds Infinity at index 0 of the vector at row 1 of partition 0");
    } finally {
      query.stop();
    }
  }

  @Test
  void nonFiniteFeaturesFailSingleRowPredictions() {
    assertMessage(() -> model.predictRaw(Vectors.dense(Double.NaN, 1)),
        "Column 'features' holds NaN at index 0 of the vector; expected finite numbers");
    assertMessage(() -> model.predict(Vectors.sparse(2, new int[] {1},
        new double[] {Double.POSITIVE_INFINITY})), "holds Infinity at index 1 of the vector");
    assertMessage(() -> regressor.predict(Vectors.dense(1, -1e300)),
        "holds -1.0E300 at index 1", "overflows float32");
    MLPClassificationModel pixels = model.copy(ParamMap.empty()).setFeaturesCol("pixels");
    assertMessage(() -> pixels.predictRaw(Vectors.dense(1, Double.NaN)),
        "Column 'pixels' holds NaN at index 1");
  }

  // --- helpers ---

  /** VectorUDT's storage: (type 0 = sparse, size, indices, values). */
  private static InternalRow sparse(int size, int[] indices, double[] values) {
    return new GenericInternalRow(new Object[] {(byte) 0, size,
        UnsafeArrayData.fromPrimitiveArray(indices), UnsafeArrayData.fromPrimitiveArray(values)});
  }

  private static InternalRow row(InternalRow features) {
    return new GenericInternalRow(new Object[] {features, 0.0});
  }

  private static void assertMessage(Executable action, String... parts) {
    ErrorMessages.expect(InvalidInputException.class, action, parts);
  }

  /** A task's failure carries our message somewhere in its causes. */
  private static void assertTaskFails(Executable action, String... parts) {
    Exception e = assertThrows(Exception.class, action);
    String message = null;
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InvalidInputException) {
        message = c.getMessage();
      }
    }
    assertTrue(message != null, "no InvalidInputException among the causes of " + e);
    for (String part : parts) {
      assertTrue(message.contains(part), "message should contain '" + part + "': " + message);
    }
  }
}
