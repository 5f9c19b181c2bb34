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
  private transient volatile float[] params;
  private transient volatile ThreadLocal<Network> networks;

  ModelCore(Topology topology, double[] weights) {
    this.topology = topology;
    this.weights = weights;
  }

  /** Raw outputs (logits, or regression values) for one features vector. */
  double[] predictRaw(Vector features, String featuresCol) {
    int in = topology.numInputs();
    if (features == null) {
      throw new InvalidInputException("Column '" + featuresCol
          + "' holds null; expected a features vector of size " + in);
    }
    if (features.size() != in) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' holds a vector of size %d; the model expects %d features (layers[0])",
          featuresCol, features.size(), in));
    }
    float[] x = new float[in];
    if (features instanceof DenseVector) {
      double[] values = ((DenseVector) features).values();
      for (int i = 0; i < in; i++) {
        x[i] = (float) values[i];
      }
    } else {
      SparseVector s = (SparseVector) features;
      int[] idx = s.indices();
      double[] values = s.values();
      for (int k = 0; k < idx.length; k++) {
        x[idx[k]] = (float) values[k];
      }
    }
    float[] out = new float[topology.numOutputs()];
    network().predictRaw(params(), x, 1, out);
    double[] raw = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      raw[i] = out[i];
    }
    return raw;
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
