package org.rectifier.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.nn.Topology;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import org.rectifier.train.InvalidInputException;

/**
 * The network of a saved model, checked as it is read: every way the {@code data/} row can be
 * wrong is reported on the driver at load time, naming the path, instead of surfacing later as an
 * ArrayIndexOutOfBounds or a silent NaN prediction inside an executor.
 */
final class SavedNetwork {

  final Topology topology;
  final double[] weights;

  private SavedNetwork(Topology topology, double[] weights) {
    this.topology = topology;
    this.weights = weights;
  }

  /**
   * The network in {@code row} (layers, activation, activationAlpha, weights).
   *
   * @param where names the model and path in messages
   * @throws InvalidInputException for a null field, impossible layers, an unknown activation, a
   *     weight count that does not match the layers, non-finite weights, or a regressor whose
   *     output is not one unit
   */
  static SavedNetwork of(Row row, LoadError where, boolean classification) {
    requireNoNulls(row, ModelIO.COLUMNS, where);
    int[] layers = layers(row.getList(0), where);
    Activation activation;
    try {
      activation = Activations.create(row.getString(1), row.getDouble(2));
    } catch (IllegalArgumentException e) {
      throw where.data(e.getMessage());
    }
    if (!classification && layers[layers.length - 1] != 1) {
      throw where.data(String.format(Locale.ROOT,
          "layers %s end in %d outputs; a regression model has exactly 1 (is this a"
              + " classifier's directory?)", Arrays.toString(layers), layers[layers.length - 1]));
    }
    Topology topology;
    try {
      topology = classification ? Topology.classifier(layers, activation)
          : Topology.regressor(layers, activation);
    } catch (IllegalArgumentException e) {
      throw where.data(e.getMessage());
    }
    double[] weights = ((Vector) row.get(3)).toArray();
    checkWeights(weights, topology, where);
    return new SavedNetwork(topology, weights);
  }

  /**
   * The conv net in {@code row} (architecture, inputShape, numClasses, weights).
   *
   * @throws InvalidInputException for a null field, an architecture that does not parse or fit
   *     the shape, a weight count that does not match, or non-finite weights
   */
  static SavedNetwork ofConvNet(Row row, LoadError where) {
    requireNoNulls(row, ModelIO.CONV_SCHEMA.fieldNames(), where);
    int[] shape = layers(row.getList(1), where);
    Topology topology;
    try {
      if (shape.length != 3) {
        throw new IllegalArgumentException("inputShape " + Arrays.toString(shape)
            + " is not [height, width, channels]");
      }
      topology = Architecture.classifier(row.getString(0),
          new ImageShape(shape[0], shape[1], shape[2]), row.getInt(2));
    } catch (IllegalArgumentException e) {
      throw where.data(e.getMessage());
    }
    double[] weights = ((Vector) row.get(3)).toArray();
    checkWeights(weights, topology, where);
    return new SavedNetwork(topology, weights);
  }

  private static void requireNoNulls(Row row, java.util.List<String> names, LoadError where) {
    requireNoNulls(row, names.toArray(new String[0]), where);
  }

  private static void requireNoNulls(Row row, String[] names, LoadError where) {
    for (int i = 0; i < row.length(); i++) {
      if (row.isNullAt(i)) {
        throw where.data("'" + names[i] + "' is null");
      }
    }
  }

  /**
   * Reads {@code data/} under the model's path and checks it.
   *
   * @throws InvalidInputException for unreadable Parquet, wrong columns, other than one row, or
   *     any problem {@link #of} or {@link #ofConvNet} finds
   */
  static SavedNetwork read(SparkSession spark, LoadError where, boolean classification,
      boolean convNet) {
    if (convNet) {
      return ofConvNet(ModelDataFile.readRow(spark, where, ModelIO.CONV_SCHEMA), where);
    }
    return of(ModelDataFile.readRow(spark, where, ModelIO.SCHEMA), where, classification);
  }

  private static int[] layers(List<Object> sizes, LoadError where) {
    int[] layers = new int[sizes.size()];
    for (int i = 0; i < layers.length; i++) {
      Object size = sizes.get(i);
      if (size == null) {
        throw where.data("layers[" + i + "] is null in " + sizes);
      }
      layers[i] = (Integer) size;
    }
    return layers;
  }

  private static void checkWeights(double[] weights, Topology topology, LoadError where) {
    int need = topology.numParams();
    if (weights.length != need && topology.architecture() != null) {
      throw where.data(String.format(Locale.ROOT,
          "%d weights, %s than the %d that architecture '%s' over %s images needs",
          weights.length, weights.length < need ? "fewer" : "more", need,
          topology.architecture(), topology.inputShape()));
    }
    if (weights.length != need) {
      Activation act = topology.hiddenActivation();
      throw where.data(String.format(Locale.ROOT,
          "%d weights, %s than the %d that layers %s with activation %s need (per layer numOut"
              + " x numIn weights and numOut biases%s)", weights.length,
          weights.length < need ? "fewer" : "more", need, Arrays.toString(topology.layers()),
          act.name(), act.numParams(1) > 0 ? ", plus numOut slopes per hidden layer" : ""));
    }
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw where.data(String.format(Locale.ROOT,
            "weight %d of %d is %s; a saved model's weights are finite numbers", i,
            weights.length, weights[i]));
      }
    }
  }
}
