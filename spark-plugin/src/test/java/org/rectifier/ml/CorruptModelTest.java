package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
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
 * Loading a corrupted copy of a saved model fails at {@code load()}, on the driver, with a
 * message naming the path and what is wrong; never later inside a task.
 */
class CorruptModelTest {

  private static SparkSession spark;
  /** A classifier with layers [2, 3, 2] (17 weights) and a regressor [2, 3, 1], as saved. */
  private static Path classifier;
  private static Path regressor;

  @TempDir
  static Path saved;

  @TempDir
  Path dir;

  @BeforeAll
  static void saveModels() throws IOException {
    spark = SparkTestSupport.spark();
    classifier = saved.resolve("classifier");
    new MLPClassifier().setLayers(new int[] {2, 3, 2}).setMaxIter(1)
        .fit(TestData.xor(spark, 2)).write().save(classifier.toString());
    regressor = saved.resolve("regressor");
    new MLPRegressor().setLayers(new int[] {2, 3, 1}).setMaxIter(1)
        .fit(TestData.smoothRegression(spark, 20, 1)).write().save(regressor.toString());
  }

  @Test
  void anIntactCopyLoadsAndPredicts() throws IOException {
    Path copy = copy(classifier);
    MLPClassificationModel model = MLPClassificationModel.load(copy.toString());
    assertArrayEquals(new int[] {2, 3, 2}, model.getLayers());
    assertTrue(model.transform(TestData.xor(spark, 1)).count() == 4);
  }

  @Test
  void tooFewOrTooManyWeights() throws IOException {
    Path fewer = copy(classifier);
    rewriteData(fewer, row -> withWeights(row, Arrays.copyOf(weights(row), 16)));
    assertLoadFails(fewer, "16 weights, fewer than the 17 that layers [2, 3, 2]",
        "activation relu");
    Path more = copy(classifier);
    rewriteData(more, row -> withWeights(row, Arrays.copyOf(weights(row), 18)));
    assertLoadFails(more, "18 weights, more than the 17 that layers [2, 3, 2]");
  }

  @Test
  void nonFiniteWeights() throws IOException {
    Path nan = copy(classifier);
    rewriteData(nan, row -> {
      double[] w = weights(row);
      w[5] = Double.NaN;
      w[9] = Double.POSITIVE_INFINITY;
      return withWeights(row, w);
    });
    assertLoadFails(nan, "weight 5 of 17 is NaN", "finite");
    Path inf = copy(classifier);
    rewriteData(inf, row -> {
      double[] w = weights(row);
      w[0] = Double.NEGATIVE_INFINITY;
      return withWeights(row, w);
    });
    assertLoadFails(inf, "weight 0 of 17 is -Infinity");
  }

  @Test
  void missingEmptyOrExtraRowData() throws IOException {
    Path missing = copy(classifier);
    deleteTree(missing.resolve("data"));
    assertLoadFails(missing, "no network data at " + missing + "/data");

    Path noFiles = copy(classifier);
    try (Stream<Path> files = Files.list(noFiles.resolve("data"))) {
      for (Path f : files.collect(Collectors.toList())) {
        Files.delete(f);
      }
    }
    assertLoadFails(noFiles, "/data: holds no data files");

    Path noRows = copy(classifier);
    writeData(noRows, List.of(), ModelIO.SCHEMA);
    assertLoadFails(noRows, "/data: holds no rows", "exactly one");

    Path twoRows = copy(classifier);
    Row row = readRow(twoRows);
    writeData(twoRows, List.of(row, row), ModelIO.SCHEMA);
    assertLoadFails(twoRows, "/data: holds more than one row", "exactly one");
  }

  @Test
  void dataWithOtherColumnsOrNulls() throws IOException {
    Path otherTypes = copy(classifier);
    Row row = readRow(otherTypes);
    StructType longLayers = new StructType()
        .add("layers", DataTypes.createArrayType(DataTypes.LongType))
        .add("activation", DataTypes.StringType)
        .add("activationAlpha", DataTypes.DoubleType)
        .add("weights", ModelIO.SCHEMA.apply("weights").dataType());
    writeData(otherTypes, List.of(RowFactory.create(List.of(2L, 3L, 2L), row.get(1), row.get(2),
        row.get(3))), longLayers);
    assertLoadFails(otherTypes, "has columns (layers: array<bigint>", "expected (layers:"
        + " array<int>");

    Path nullWeights = copy(classifier);
    rewriteData(nullWeights, r -> RowFactory.create(r.get(0), r.get(1), r.get(2), null));
    assertLoadFails(nullWeights, "/data: 'weights' is null");
  }

  @Test
  void impossibleLayersOrUnknownActivation() throws IOException {
    Path zero = copy(classifier);
    rewriteData(zero, r -> RowFactory.create(List.of(2, 0, 2), r.get(1), r.get(2), r.get(3)));
    assertLoadFails(zero, "layers[1] is 0", "[2, 0, 2]");

    Path unknown = copy(classifier);
    rewriteData(unknown, r -> RowFactory.create(r.get(0), "relu7", r.get(2), r.get(3)));
    assertLoadFails(unknown, "/data: Unknown activation 'relu7'", "leaky_relu");
  }

  @Test
  void metadataLayersThatDisagreeWithTheData() throws IOException {
    Path copy = copy(classifier);
    Path metadata = metadataFile(copy);
    String json = Files.readString(metadata, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"layers\":[2,3,2]"), json);
    writeMetadata(copy, json.replace("\"layers\":[2,3,2]", "\"layers\":[2,4,2]"));
    assertLoadFails(copy, copy + "/metadata says layers [2, 4, 2] but " + copy
        + "/data holds a network with layers [2, 3, 2]");
  }

  @Test
  void truncatedEmptyOrMissingMetadata() throws IOException {
    Path truncated = copy(classifier);
    String json = Files.readString(metadataFile(truncated), StandardCharsets.UTF_8);
    writeMetadata(truncated, json.substring(0, json.length() / 2));
    assertLoadFails(truncated, truncated + "/metadata is not valid Spark ML metadata JSON",
        "truncated or corrupted");

    Path empty = copy(classifier);
    writeMetadata(empty, "");
    assertLoadFails(empty, empty + "/metadata is empty");

    Path missing = copy(classifier);
    deleteTree(missing.resolve("metadata"));
    assertLoadFails(missing, "no metadata at " + missing + "/metadata");
  }

  @Test
  void regressorWithMoreThanOneOutput() throws IOException {
    Path copy = copy(regressor);
    deleteTree(copy.resolve("data"));
    copyTree(classifier.resolve("data"), copy.resolve("data"));
    Executable load = () -> MLPRegressionModel.load(copy.toString());
    assertMessage(load, "Cannot load MLPRegressionModel from " + copy,
        "layers [2, 3, 2] end in 2 outputs; a regression model has exactly 1");
  }

  @Test
  void anotherModelClass() throws IOException {
    Path copy = copy(regressor);
    assertLoadFails(copy, "/metadata: ", "Expected class name " + MLPClassificationModel.class
        .getName() + " but found class name " + MLPRegressionModel.class.getName());
  }

  // --- helpers: each corrupts a copy, never the saved originals ---

  private interface RowEdit {
    Row apply(Row row);
  }

  private Path copy(Path model) throws IOException {
    Path target = dir.resolve(model.getFileName() + "-" + System.nanoTime());
    copyTree(model, target);
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.collect(Collectors.toList())) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  private static Row readRow(Path model) {
    List<Row> rows = spark.read().parquet(model.resolve("data").toString())
        .select("layers", "activation", "activationAlpha", "weights").collectAsList();
    return rows.get(0);
  }

  /** Replaces the model's data/ with {@code edit} applied to its row, written by Spark. */
  private static void rewriteData(Path model, RowEdit edit) throws IOException {
    writeData(model, List.of(edit.apply(readRow(model))), ModelIO.SCHEMA);
  }

  private static void writeData(Path model, List<Row> rows, StructType schema)
      throws IOException {
    deleteTree(model.resolve("data"));
    spark.createDataFrame(new ArrayList<>(rows), nullable(schema)).coalesce(1).write()
        .parquet(model.resolve("data").toString());
  }

  /** The schema with every field nullable, so a test can write the nulls a reader may meet. */
  private static StructType nullable(StructType schema) {
    StructType out = new StructType();
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      out = out.add(f.name(), f.dataType(), true);
    }
    return out;
  }

  private static double[] weights(Row row) {
    return ((org.apache.spark.ml.linalg.Vector) row.get(3)).toArray();
  }

  private static Row withWeights(Row row, double[] weights) {
    return RowFactory.create(row.get(0), row.get(1), row.get(2), Vectors.dense(weights));
  }

  /** The metadata's one text file: part-00000 (Spark 3.5) or part-00000-UUID.txt (Spark 4). */
  private static Path metadataFile(Path model) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(model.resolve("metadata"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst()
          .orElseThrow(() -> new IOException("no metadata part file in " + model));
    }
  }

  /** Rewrites the metadata text; its Hadoop checksum file goes, or the edit reads as damage. */
  private static void writeMetadata(Path model, String json) throws IOException {
    Path file = metadataFile(model);
    Files.writeString(file, json, StandardCharsets.UTF_8);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static void assertLoadFails(Path model, String... parts) {
    assertMessage(() -> MLPClassificationModel.load(model.toString()),
        concat("Cannot load MLPClassificationModel from " + model, parts));
  }

  private static String[] concat(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static void assertMessage(Executable action, String... parts) {
    ErrorMessages.expect(InvalidInputException.class, action, parts);
  }
}
