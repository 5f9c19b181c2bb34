package org.rectifier.ml;

import java.io.Serializable;
import java.util.Locale;
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
          from + topology.activation(l).numParams(topology.fanOut(l)));
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
   * @throws InvalidInputException for null or a vector of the wrong size
   */
  void copyFeatures(Vector features, float[] x, int offset, String featuresCol, long row) {
    int in = topology.numInputs();
    if (features == null) {
      throw nullFeatures(featuresCol, row);
    }
    checkFeatureCount(features.size(), featuresCol, row);
    if (features instanceof DenseVector) {
      double[] values = ((DenseVector) features).values();
      for (int i = 0; i < in; i++) {
        x[offset + i] = (float) values[i];
      }
    } else {
      java.util.Arrays.fill(x, offset, offset + in, 0f);
      SparseVector s = (SparseVector) features;
      int[] idx = s.indices();
      double[] values = s.values();
      for (int k = 0; k < idx.length; k++) {
        x[offset + idx[k]] = (float) values[k];
      }
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
          "Column '%s' holds a vector of size %d%s; the model expects %d features (layers[0])",
          featuresCol, size, at(row), topology.numInputs()));
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
