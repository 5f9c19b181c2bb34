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
