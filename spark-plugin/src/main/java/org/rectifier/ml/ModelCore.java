package org.rectifier.ml;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;
import org.rectifier.train.InvalidInputException;

/**
 * The trained network behind a model: topology, float64 parameters, and the float32 copy and
 * per-thread work buffers prediction uses (rebuilt lazily after deserialization on executors).
 */
final class ModelCore implements Serializable {

  private static final long serialVersionUID = 1L;

  final Topology topology;
  final double[] weights;
  private MLPTrainingSummary summary;
  private transient volatile float[] params;
  private transient volatile ThreadLocal<Network> networks;

  ModelCore(Topology topology, double[] weights) {
    this.topology = topology;
    this.weights = weights;
  }

  /** The flat parameters as a Vector (a copy). */
  Vector weightsVector() {
    return org.apache.spark.ml.linalg.Vectors.dense(weights.clone());
  }

  /** Per hidden layer, a copy of its learned activation parameters (empty when it has none). */
  double[][] activationParameters() {
    double[][] out = new double[topology.numLayers() - 1][];
    for (int l = 0; l < out.length; l++) {
      int from = topology.activationOffset(l);
      out[l] = java.util.Arrays.copyOfRange(weights, from,
          from + topology.activation(l).numParams(topology.layer(l).units()));
    }
    return out;
  }

  boolean hasSummary() {
    return summary != null;
  }

  /** The fit's summary; copies of a model share it, as in MLlib. */
  MLPTrainingSummary summary(String modelName) {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for this " + modelName
          + " (models loaded from disk have none)");
    }
    return summary;
  }

  void setSummary(MLPTrainingSummary summary) {
    this.summary = summary;
  }

  /** Raw outputs (logits, or regression values) for one features vector. */
  double[] predictRaw(Vector features, String featuresCol) {
    float[] x = new float[topology.numInputs()];
    copyFeatures(features, x, 0, featuresCol, -1);
    float[] out = new float[topology.numOutputs()];
    network().predictRaw(params(), x, 1, out);
    double[] raw = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      raw[i] = out[i];
    }
    return raw;
  }

  /** Raw outputs of {@code rows} rows of {@code x} ({@code rows x inputs}) into {@code out}. */
  void predictRawBlock(float[] x, int rows, float[] out) {
    network().predictRaw(params(), x, rows, out);
  }

  /**
   * Writes {@code features} as float32 at {@code x[offset]}, checking it fits the network.
   *
   * @throws InvalidInputException for null, a vector of the wrong size, a sparse index outside
   *     the input, or a value that is not finite as float32
   */
  void copyFeatures(Vector features, float[] x, int offset, String featuresCol, long row) {
    int in = topology.numInputs();
    if (features == null) {
      throw nullFeatures(featuresCol, row);
    }
    checkFeatureCount(features.size(), featuresCol, row);
    int bad = 0;
    if (features instanceof DenseVector) {
      double[] values = ((DenseVector) features).values();
      for (int i = 0; i < in; i++) {
        float f = (float) values[i];
        x[offset + i] = f;
        bad |= nonFinite(f);
      }
      if (bad < 0) {
        throw nonFiniteFeature(in, i -> values[i], i -> i, featuresCol, row);
      }
    } else {
      java.util.Arrays.fill(x, offset, offset + in, 0f);
      SparseVector s = (SparseVector) features;
      int[] idx = s.indices();
      double[] values = s.values();
      for (int k = 0; k < idx.length; k++) {
        checkIndex(idx[k], featuresCol, row);
        float f = (float) values[k];
        x[offset + idx[k]] = f;
        bad |= nonFinite(f);
      }
      if (bad < 0) {
        throw nonFiniteFeature(idx.length, k -> values[k], k -> idx[k], featuresCol, row);
      }
    }
  }

  /**
   * Negative (sign bit set) exactly when {@code f} is NaN or infinite: an all-ones exponent plus
   * one carries into the sign bit. OR-ed over a row it checks every value without a branch per
   * value, so the copy loops stay as fast as without the check.
   */
  static int nonFinite(float f) {
    return (Float.floatToRawIntBits(f) & 0x7f800000) + 0x00800000;
  }

  /**
   * The error for the first of a row's {@code count} stored values that is not finite as
   * float32: {@code valueAt(k)} is the k-th stored value, {@code featureAt(k)} its feature index.
   */
  InvalidInputException nonFiniteFeature(int count, IntToDoubleFunction valueAt,
      IntUnaryOperator featureAt, String featuresCol, long row) {
    int k = 0;
    while (k < count - 1 && nonFinite((float) valueAt.applyAsDouble(k)) >= 0) {
      k++;
    }
    double value = valueAt.applyAsDouble(k);
    return new InvalidInputException(String.format(Locale.ROOT,
        "Column '%s' holds %s at index %d of the vector%s; expected finite numbers%s",
        featuresCol, value, featureAt.applyAsInt(k), at(row),
        Double.isFinite(value) ? " (the value overflows float32)" : ""));
  }

  /**
   * @throws InvalidInputException unless {@code index}, a sparse vector's index, is a feature of
   *     the network
   */
  void checkIndex(int index, String featuresCol, long row) {
    int in = topology.numInputs();
    // One predictable branch: negative exactly when index < 0 or index >= in.
    if ((index | (in - 1 - index)) < 0) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' holds a sparse vector with index %d%s; the model has %d features, so"
              + " indices must be in [0, %d]", featuresCol, index, at(row), in, in - 1));
    }
  }

  /** The error for a null features vector at {@code row} of this task's partition (-1: none). */
  InvalidInputException nullFeatures(String featuresCol, long row) {
    return new InvalidInputException("Column '" + featuresCol + "' holds null" + at(row)
        + "; expected a features vector of size " + topology.numInputs());
  }

  /**
   * @param row the row's index in this task's partition, or -1 for a vector on its own
   * @throws InvalidInputException unless a vector of {@code size} fits the network's input
   */
  void checkFeatureCount(int size, String featuresCol, long row) {
    if (size != topology.numInputs()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' holds a vector of size %d%s; the model expects %d features (%s)",
          featuresCol, size, at(row), topology.numInputs(), topology.inputShape() == null
              ? "layers[0]" : "inputShape " + topology.inputShape() + ", HWC order"));
    }
  }

  /** " at row R of partition P" inside a Spark task, as the training errors say it. */
  private static String at(long row) {
    return row < 0 ? "" : String.format(Locale.ROOT, " at row %d of partition %d", row,
        org.apache.spark.TaskContext.getPartitionId());
  }

  private float[] params() {
    float[] p = params;
    if (p == null) {
      p = Convert.toFloat(weights);
      params = p;
    }
    return p;
  }

  private Network network() {
    ThreadLocal<Network> local = networks;
    if (local == null) {
      synchronized (this) {
        if (networks == null) {
          networks = ThreadLocal.withInitial(() -> new Network(topology, 1));
        }
        local = networks;
      }
    }
    return local.get();
  }
}
