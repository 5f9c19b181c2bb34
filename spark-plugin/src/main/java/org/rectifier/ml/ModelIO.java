package org.rectifier.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rectifier.ml.params.ConvNetParams;
import org.rectifier.ml.params.MLPParams;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.nn.activation.Activation;
import org.rectifier.train.InvalidInputException;
import scala.Option;

/**
 * Model persistence in Spark ML's format: params as JSON metadata ({@code path/metadata}, read by
 * {@code DefaultParamsReader}, so Pipelines and CrossValidator models load it), and the network
 * as one Parquet row ({@code path/data}: layers, activation, its alpha, weights), so the
 * network is rebuilt from the data alone. No Java serialization.
 */
final class ModelIO {

  /** The data row's columns, in the order {@link SavedNetwork} reads them. */
  static final List<String> COLUMNS =
      List.of("layers", "activation", "activationAlpha", "weights");

  /** The data row's schema. */
  static final StructType SCHEMA = new StructType()
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType), false)
      .add("activation", DataTypes.StringType, false)
      .add("activationAlpha", DataTypes.DoubleType, false)
      .add("weights", SQLDataTypes.VectorType(), false);

  /** A conv net's data row: its hidden layers as text, image shape, classes and weights. */
  static final StructType CONV_SCHEMA = new StructType()
      .add("architecture", DataTypes.StringType, false)
      .add("inputShape", DataTypes.createArrayType(DataTypes.IntegerType), false)
      .add("numClasses", DataTypes.IntegerType, false)
      .add("weights", SQLDataTypes.VectorType(), false);

  private ModelIO() {}

  static void save(Params model, ModelCore core, String path, SparkSession spark) {
    DefaultParamsWriter.saveMetadata(model, path, spark.sparkContext(), Option.empty(),
        Option.empty());
    ImageShape shape = core.topology.inputShape();
    if (shape != null) {
      Row row = RowFactory.create(core.topology.architecture(),
          List.of(shape.height(), shape.width(), shape.channels()),
          core.topology.numOutputs(), Vectors.dense(core.weights));
      spark.createDataFrame(List.of(row), CONV_SCHEMA).repartition(1).write()
          .parquet(path + "/data");
      return;
    }
    List<Integer> layers = new ArrayList<>();
    for (int size : core.topology.layers()) {
      layers.add(size);
    }
    Activation act = core.topology.hiddenActivation();
    Row row = RowFactory.create(layers, act.name(), act.alpha(), Vectors.dense(core.weights));
    spark.createDataFrame(List.of(row), SCHEMA).repartition(1).write()
        .parquet(path + "/data");
  }

  /** A loaded model's parts, each checked. */
  static final class Loaded {
    final DefaultParamsReader.Metadata metadata;
    final SavedNetwork network;
    private final LoadError where;

    private Loaded(DefaultParamsReader.Metadata metadata, SavedNetwork network,
        LoadError where) {
      this.metadata = metadata;
      this.network = network;
      this.where = where;
    }

    /**
     * Sets the metadata's params on {@code model} (built from {@link #network}) and returns it.
     *
     * @throws InvalidInputException if a param value is refused, or the metadata's layers
     *     disagree with the network's
     */
    <M extends Params> M withParams(M model) {
      try {
        metadata.getAndSetParams(model, Option.empty());
      } catch (RuntimeException e) {
        throw where.of("its metadata's params cannot be set: " + firstLine(e), e);
      }
      if (model instanceof ConvNetParams) {
        String declared = ((ConvNetParams) model).getArchitecture();
        String actual = network.topology.architecture();
        String canonical;
        try {
          canonical = Architecture.classifier(declared, network.topology.inputShape(),
              network.topology.numOutputs()).architecture();
        } catch (IllegalArgumentException e) {
          canonical = null;
        }
        if (!actual.equals(canonical)) {
          throw where.of(String.format(Locale.ROOT,
              "%s says architecture '%s' but %s holds a network of '%s'; one of them was"
                  + " changed or comes from another model", where.metadataPath(), declared,
              where.dataPath(), actual));
        }
        return model;
      }
      int[] declared = ((MLPParams) model).getLayers();
      int[] actual = network.topology.layers();
      if (!Arrays.equals(declared, actual)) {
        throw where.of(String.format(Locale.ROOT,
            "%s says layers %s but %s holds a network with layers %s; one of them was changed"
                + " or comes from another model", where.metadataPath(),
            Arrays.toString(declared), where.dataPath(), Arrays.toString(actual)));
      }
      return model;
    }
  }

  /**
   * Reads and checks the model at {@code path}. Everything a corrupted or foreign directory can
   * get wrong fails here, on the driver, naming the path.
   *
   * @param modelClass the model class the metadata must name
   * @param classification whether the network is a classifier's (else a regressor's: 1 output)
   * @throws InvalidInputException for missing, unreadable or inconsistent metadata or data
   */
  static Loaded load(String path, SparkSession spark, Class<?> modelClass,
      boolean classification) {
    return load(path, spark, modelClass, classification, false);
  }

  /** {@link #load(String, SparkSession, Class, boolean)} of a conv net's directory too. */
  static Loaded load(String path, SparkSession spark, Class<?> modelClass,
      boolean classification, boolean convNet) {
    LoadError where = new LoadError(modelClass.getSimpleName(), path);
    requireExists(where.metadataPath(), "metadata", spark, where);
    DefaultParamsReader.Metadata metadata;
    try {
      metadata = DefaultParamsReader.loadMetadata(path, spark.sparkContext(),
          modelClass.getName());
    } catch (IllegalArgumentException e) {
      // Spark's own check, e.g. the metadata names another model class.
      throw where.of(where.metadataPath() + ": " + firstLine(e), e);
    } catch (UnsupportedOperationException | java.util.NoSuchElementException e) {
      // No lines: Spark 3.5 says only "empty collection", Spark 4 "head of empty array".
      throw where.of(where.metadataPath() + " is empty; expected the JSON that write().save()"
          + " writes", e);
    } catch (Exception e) {
      // Scala code throws the JSON parser's checked exceptions undeclared, hence Exception.
      throw where.of(where.metadataPath() + " is not valid Spark ML metadata JSON (truncated or"
          + " corrupted?): " + firstLine(e), e);
    }
    requireExists(where.dataPath(), "network data", spark, where);
    return new Loaded(metadata, SavedNetwork.read(spark, where, classification, convNet),
        where);
  }

  private static void requireExists(String file, String what, SparkSession spark,
      LoadError where) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
    boolean exists;
    try {
      exists = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException e) {
      throw where.of("cannot read " + file + ": " + firstLine(e), e);
    }
    if (!exists) {
      throw where.of("no " + what + " at " + file + " (expected the directory that write().save()"
          + " writes, with metadata/ and data/)");
    }
  }

  /** A cause's first line: Spark's messages can carry a plan or a stack after it. */
  static String firstLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
