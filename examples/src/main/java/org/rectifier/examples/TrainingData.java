package org.rectifier.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Loads {@link Train}'s input as (features, label) from each supported format. */
final class TrainingData {

  private TrainingData() {}

  static Dataset<Row> load(SparkSession spark, TrainOptions o) throws IOException {
    if (o.data == null) {
      return EmbeddedDigits.load(spark, 2);
    }
    switch (o.format) {
      case "libsvm":
        return spark.read().format("libsvm").load(o.data).select("features", "label");
      case "idx": {
        Path images = Paths.get(o.data);
        return spark.createDataFrame(IdxFiles.read(images, IdxFiles.labelsFor(images)),
            EmbeddedDigits.schema()).repartition(spark.sparkContext().defaultParallelism());
      }
      case "parquet":
        return assemble(spark.read().parquet(o.data), o.labelCol);
      default:
        return assemble(spark.read().option("header", "true").option("inferSchema", "true")
            .csv(o.data), o.labelCol);
    }
  }

  /**
   * The rows spread over {@code partitions} partitions by their content alone: hash-partitioned
   * on every column, then sorted by every column within each partition. Which partition a row
   * lands in and where it sits in it depend on nothing but the rows, so the result is the same
   * whatever the input's partitioning was (which follows the cluster: a file split by the
   * cores, {@code createDataFrame} by {@code defaultParallelism}) and whatever order the shuffle
   * fetched its blocks in. A round-robin {@code repartition(n)} depends on both, and a
   * {@code coalesce(n)} keeps the input's partition boundaries. Rectifier's minibatches follow
   * the rows' positions, so this is what makes fits on different masters bitwise comparable.
   */
  static Dataset<Row> byContent(Dataset<Row> data, int partitions) {
    org.apache.spark.sql.Column[] all = Arrays.stream(data.columns()).map(functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
    return data.repartition(partitions, all).sortWithinPartitions(all);
  }

  /** Uses a Vector column named "features" as is, else assembles every other numeric column. */
  private static Dataset<Row> assemble(Dataset<Row> df, String labelCol) {
    if (!Arrays.asList(df.columns()).contains(labelCol)) {
      throw new IllegalArgumentException("label column '" + labelCol + "' not found; columns: "
          + Arrays.toString(df.columns()) + " (use --label-col)");
    }
    Dataset<Row> labelled = df.withColumn("label", functions.col(labelCol).cast("double"));
    if (Arrays.asList(df.columns()).contains("features")
        && df.schema().apply("features").dataType() instanceof VectorUDT) {
      return labelled.select("features", "label");
    }
    String[] inputs = Arrays.stream(df.schema().fields())
        .filter(f -> !f.name().equals(labelCol) && !f.name().equals("label"))
        .filter(f -> f.dataType() instanceof org.apache.spark.sql.types.NumericType)
        .map(f -> f.name()).toArray(String[]::new);
    if (inputs.length == 0) {
      throw new IllegalArgumentException("no numeric feature columns besides '" + labelCol + "'");
    }
    // "keep": a NaN or null cell reaches Rectifier's validation, whose error names the row and
    // value, instead of failing inside the assembler's UDF with an unreadable stage failure.
    return new VectorAssembler().setInputCols(inputs).setOutputCol("features")
        .setHandleInvalid("keep").transform(labelled).select("features", "label");
  }
}
