package org.rectifier.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import scala.Option;

/**
 * Model persistence in Spark ML's format: params as JSON metadata ({@code path/metadata}, read by
 * {@code DefaultParamsReader}, so Pipelines and CrossValidator models load it), and the network
 * as one Parquet row ({@code path/data}: layers, activation, its alpha, weights), so the
 * network is rebuilt from the data alone. No Java serialization.
 */
final class ModelIO {

  private static final StructType SCHEMA = new StructType()
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType), false)
      .add("activation", DataTypes.StringType, false)
      .add("activationAlpha", DataTypes.DoubleType, false)
      .add("weights", SQLDataTypes.VectorType(), false);

  private ModelIO() {}

  static void save(Params model, ModelCore core, String path, SparkSession spark) {
    DefaultParamsWriter.saveMetadata(model, path, spark.sparkContext(), Option.empty(),
        Option.empty());
    List<Integer> layers = new ArrayList<>();
    for (int size : core.topology.layers()) {
      layers.add(size);
    }
    Activation act = core.topology.hiddenActivation();
    Row row = RowFactory.create(layers, act.name(), act.alpha(), Vectors.dense(core.weights));
    spark.createDataFrame(List.of(row), SCHEMA).repartition(1).write()
        .parquet(path + "/data");
  }

  /** A loaded model's parts. */
  static final class Loaded {
    final DefaultParamsReader.Metadata metadata;
    final int[] layers;
    final Activation activation;
    final double[] weights;

    Loaded(DefaultParamsReader.Metadata metadata, int[] layers, Activation activation,
        double[] weights) {
      this.metadata = metadata;
      this.layers = layers;
      this.activation = activation;
      this.weights = weights;
    }

    Topology topology(boolean classification) {
      return classification
          ? Topology.classifier(layers, activation)
          : Topology.regressor(layers, activation);
    }
  }

  static Loaded load(String path, SparkSession spark, String className) {
    DefaultParamsReader.Metadata metadata =
        DefaultParamsReader.loadMetadata(path, spark.sparkContext(), className);
    Row row = spark.read().parquet(path + "/data")
        .select("layers", "activation", "activationAlpha", "weights").head();
    List<Integer> layerList = row.getList(0);
    int[] layers = layerList.stream().mapToInt(Integer::intValue).toArray();
    Activation activation = Activations.create(row.getString(1), row.getDouble(2));
    Vector weights = row.getAs(3);
    return new Loaded(metadata, layers, activation, weights.toArray());
  }
}
