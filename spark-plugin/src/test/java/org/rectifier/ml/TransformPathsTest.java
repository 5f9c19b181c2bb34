package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/**
 * Both transform paths (internal rows for batch Datasets, external rows for streaming ones) read
 * every vector encoding and produce the same columns as predicting row by row.
 */
class TransformPathsTest {

  private static SparkSession spark;
  private static Dataset<Row> blobs;
  private static MLPClassificationModel model;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    blobs = TestData.blobs(spark, 40, 3, 4, 3.0, 21).repartition(2).cache();
    model = new MLPClassifier().setHiddenLayers(new int[] {8}).setMaxIter(3).setSeed(5)
        .fit(blobs);
  }

  @Test
  void sparseAndDenseFeaturesPredictTheSame() {
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("features", SQLDataTypes.VectorType());
    List<Row> dense = new ArrayList<>();
    List<Row> sparse = new ArrayList<>();
    int id = 0;
    for (Row r : blobs.collectAsList()) {
      Vector v = r.getAs("features");
      v = Vectors.dense(v.apply(0), 0, v.apply(2), 0);
      dense.add(RowFactory.create(id, v));
      sparse.add(RowFactory.create(id++, v.toSparse()));
    }
    List<Row> a = model.transform(spark.createDataFrame(dense, schema)).orderBy("id")
        .select("rawPrediction", "probability", "prediction").collectAsList();
    List<Row> b = model.transform(spark.createDataFrame(sparse, schema)).orderBy("id")
        .select("rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(a, b);
    Row first = a.get(0);
    Vector raw = model.predictRaw(dense.get(0).getAs(1));
    assertEquals(raw.apply(0), ((Vector) first.get(0)).apply(0), 1e-5);
  }

  @Test
  void partitionsLongerThanABlockKeepEveryInputRow() {
    // 1300 rows in one partition: three blocks, so retained rows' buffers are reused.
    Dataset<Row> many = TestData.blobs(spark, 433, 3, 4, 3.0, 22).coalesce(1)
        .withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id());
    assertTrue(many.count() > 2 * BlockPredictor.BLOCK_ROWS);
    List<Row> in = many.orderBy("id").collectAsList();
    List<Row> out = model.transform(many).orderBy("id").collectAsList();
    assertEquals(in.size(), out.size());
    for (int i = 0; i < in.size(); i++) {
      Row a = in.get(i);
      Row b = out.get(i);
      assertEquals(a.getAs("id"), (Object) b.getAs("id"));
      assertEquals(a.getAs("features"), (Object) b.getAs("features"));
      assertEquals(a.getAs("label"), (Object) b.getAs("label"));
      Vector raw = model.predictRaw(a.getAs("features"));
      assertEquals(raw.argmax(), (double) b.getAs("prediction"), 0.0);
    }
  }

  @Test
  void streamingTransformEqualsBatch(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in");
    blobs.write().parquet(input.toString());
    Dataset<Row> stream = spark.readStream().schema(blobs.schema()).parquet(input.toString());
    assertTrue(stream.isStreaming());
    StreamingQuery query = model.transform(stream).writeStream().format("memory")
        .queryName("rectifier_stream_predictions").start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    Dataset<Row> streamed = spark.table("rectifier_stream_predictions");
    Dataset<Row> batch = model.transform(spark.read().parquet(input.toString()));
    assertEquals(blobs.count(), streamed.count());
    assertEquals(0, batch.exceptAll(streamed).count());
    assertTrue(Files.exists(input));
  }

  @Test
  void nullFeaturesNameTheColumn() {
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType());
    Dataset<Row> withNull = spark.createDataFrame(
        List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4)), RowFactory.create((Object) null)),
        schema);
    SparkException e = assertThrows(SparkException.class,
        () -> model.transform(withNull).collectAsList());
    StringBuilder all = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append(" | ");
    }
    assertTrue(all.toString().contains("'features' holds null at row ")
        && all.toString().contains(" of partition ") && all.toString().contains("size 4"),
        all.toString());
  }
}
