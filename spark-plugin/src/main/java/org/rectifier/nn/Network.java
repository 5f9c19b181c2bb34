package org.rectifier.nn;

import java.util.Arrays;
import org.rectifier.kernel.Blas;
import org.rectifier.kernel.RowOps;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.loss.Loss;

/**
 * Forward and backward passes of a {@link Topology} over row-major float32 minibatches, with the
 * work buffers they need. Not thread-safe: one per thread (one per Spark task).
 *
 * <p>Each dense layer is one GEMM forward and two backward (weight gradient, and the error for
 * the layer below; the input layer skips the latter since features need no gradient).
 */
public final class Network {

  private final Topology topology;
  private int capacity;
  private float[][] z;
  private float[][] a;
  private float[][] delta;
  /** Dropout: per hidden layer the mask factors and the dropped outputs; [0] of input: x's. */
  private float[][] mask;
  private float[][] dropped;
  private float[] inputMask;
  private float[] droppedInput;

  /** A network with buffers for {@code initialRows} rows; they grow on demand. */
  public Network(Topology topology, int initialRows) {
    this.topology = topology;
    int n = topology.numLayers();
    z = new float[n][];
    a = new float[n][];
    delta = new float[n][];
    allocate(Math.max(1, initialRows));
  }

  /** The topology this network computes. */
  public Topology topology() {
    return topology;
  }

  /**
   * Predictions for {@code rows} rows of {@code x}: softmax probabilities or regression outputs,
   * {@code rows x outputs} row-major, written to {@code out}.
   */
  public void predict(float[] params, float[] x, int rows, float[] out) {
    ensureCapacity(rows);
    float[] last = forward(params, x, rows);
    int size = rows * topology.numOutputs();
    System.arraycopy(last, 0, out, 0, size);
    topology.loss().output(out, rows, topology.numOutputs());
  }

  /**
   * Raw outputs (logits for a classifier) for {@code rows} rows of {@code x}, into {@code out}.
   */
  public void predictRaw(float[] params, float[] x, int rows, float[] out) {
    ensureCapacity(rows);
    float[] last = forward(params, x, rows);
    System.arraycopy(last, 0, out, 0, rows * topology.numOutputs());
  }

  /**
   * The gradient of the weighted loss <em>sum</em> over the batch.
   *
   * @param params flat parameters ({@link Topology} layout)
   * @param x features, {@code rows x inputs} row-major
   * @param labels labels, {@code rows x labelWidth}
   * @param weights row weights, or null for all 1
   * @param rows rows in the batch
   * @param grad receives d(loss sum)/d(params); overwritten
   * @return the batch's loss sum, weight sum and weighted right answers
   */
  public BatchStats gradient(float[] params, float[] x, float[] labels, float[] weights,
      int rows, float[] grad) {
    return gradient(params, x, labels, weights, rows, grad, null, 0, null, 0);
  }

  /**
   * {@link #gradient(float[], float[], float[], float[], int, float[])} with inverted dropout:
   * the masks of epoch {@code epoch} for batch row {@code i} being global row
   * {@code globalRows[rowFrom + i]} (see {@link DropoutMasks}); {@code dropout} null or inactive
   * for none. Activity records ({@link #recordActivity}) see the outputs before dropout.
   */
  public BatchStats gradient(float[] params, float[] x, float[] labels, float[] weights,
      int rows, float[] grad, DropoutMasks dropout, int epoch, long[] globalRows, int rowFrom) {
    ensureCapacity(rows);
    Arrays.fill(grad, 0f);
    int last = topology.numLayers() - 1;
    int outputs = topology.numOutputs();
    Loss loss = topology.loss();
    boolean drop = dropout != null && dropout.active();
    if (drop) {
      x = dropMasks(dropout, epoch, globalRows, rowFrom, x, rows);
    }
    float[] logits = forward(params, x, rows, drop);
    double correct = loss.weightedCorrect(logits, labels, weights, rows, outputs);
    double lossSum = loss.lossAndDelta(logits, labels, weights, rows, outputs, delta[last]);
    for (int l = last; l >= 0; l--) {
      int in = topology.fanIn(l);
      int out = topology.fanOut(l);
      float[] input = l == 0 ? x : layerInput(l, drop);
      Blas.sgemm(true, false, in, out, rows, 1f, input, 0, in, delta[l], 0, out, 0f,
          grad, topology.weightOffset(l), out);
      RowOps.columnSums(delta[l], rows, out, grad, topology.biasOffset(l));
      if (l > 0) {
        Blas.sgemm(false, true, rows, in, out, 1f, delta[l], 0, out,
            params, topology.weightOffset(l), out, 0f, delta[l - 1], 0, in);
        if (drop && mask[l - 1] != null) {
          // d(loss)/d(output before dropout) = d(loss)/d(dropped output) * mask factor.
          multiply(delta[l - 1], mask[l - 1], rows * in);
        }
        topology.activation(l - 1).backward(z[l - 1], a[l - 1], delta[l - 1], rows, in,
            params, grad, topology.activationOffset(l - 1));
      }
    }
    return new BatchStats(lossSum, weightSum(weights, rows), correct);
  }

  /** Masks for the batch; returns the (dropped) features to feed layer 0. */
  private float[] dropMasks(DropoutMasks dropout, int epoch, long[] globalRows, int rowFrom,
      float[] x, int rows) {
    int hidden = topology.numLayers() - 1;
    if (mask == null) {
      mask = new float[hidden][];
      dropped = new float[hidden][];
    }
    for (int l = 0; l < hidden; l++) {
      int width = topology.fanOut(l);
      if (dropout.rate(l) > 0) {
        if (mask[l] == null || mask[l].length < rows * width) {
          mask[l] = new float[capacity * width];
          dropped[l] = new float[capacity * width];
        }
        dropout.fill(epoch, l, globalRows, rowFrom, rows, width, mask[l]);
      } else {
        mask[l] = null;
      }
    }
    if (dropout.rate(-1) == 0) {
      return x;
    }
    int in = topology.numInputs();
    if (inputMask == null || inputMask.length < rows * in) {
      inputMask = new float[capacity * in];
      droppedInput = new float[capacity * in];
    }
    dropout.fill(epoch, -1, globalRows, rowFrom, rows, in, inputMask);
    for (int i = 0; i < rows * in; i++) {
      droppedInput[i] = x[i] * inputMask[i];
    }
    return droppedInput;
  }

  /** The input of dense layer {@code l >= 1}: the previous layer's (dropped) output. */
  private float[] layerInput(int l, boolean drop) {
    return drop && mask[l - 1] != null ? dropped[l - 1] : a[l - 1];
  }

  private static void multiply(float[] v, float[] factor, int n) {
    for (int i = 0; i < n; i++) {
      v[i] *= factor[i];
    }
  }

  /**
   * Loss and accuracy sums of a batch without gradients (validation).
   *
   * @return the batch's loss sum, weight sum and weighted right answers
   */
  public BatchStats evaluate(float[] params, float[] x, float[] labels, float[] weights,
      int rows) {
    ensureCapacity(rows);
    int last = topology.numLayers() - 1;
    int outputs = topology.numOutputs();
    Loss loss = topology.loss();
    float[] logits = forward(params, x, rows);
    double correct = loss.weightedCorrect(logits, labels, weights, rows, outputs);
    double lossSum = loss.lossAndDelta(logits, labels, weights, rows, outputs, delta[last]);
    return new BatchStats(lossSum, weightSum(weights, rows), correct);
  }

  private static double weightSum(float[] weights, int rows) {
    if (weights == null) {
      return rows;
    }
    double s = 0;
    for (int r = 0; r < rows; r++) {
      s += weights[r];
    }
    return s;
  }

  /** Adds the hidden layers' outputs of the last forward pass ({@code rows} rows) to {@code acc}. */
  public void recordActivity(LayerActivity acc, int rows) {
    for (int l = 0; l + 1 < topology.numLayers(); l++) {
      acc.record(l, a[l], rows);
    }
    acc.addRows(rows);
  }

  /**
   * Post-activation outputs of hidden layer {@code l} from the last forward pass,
   * {@code rows x fanOut(l)} (valid until the next call).
   */
  public float[] hiddenOutput(int l) {
    return a[l];
  }

  private float[] forward(float[] params, float[] x, int rows) {
    return forward(params, x, rows, false);
  }

  private float[] forward(float[] params, float[] x, int rows, boolean drop) {
    for (int l = 0; l < topology.numLayers(); l++) {
      int in = topology.fanIn(l);
      int out = topology.fanOut(l);
      float[] input = l == 0 ? x : layerInput(l, drop);
      Blas.sgemm(false, false, rows, out, in, 1f, input, 0, in,
          params, topology.weightOffset(l), out, 0f, z[l], 0, out);
      RowOps.addBias(z[l], rows, out, params, topology.biasOffset(l));
      Activation act = topology.activation(l);
      act.forward(z[l], a[l], rows, out, params, topology.activationOffset(l));
      if (drop && l < topology.numLayers() - 1 && mask[l] != null) {
        int n = rows * out;
        float[] m = mask[l];
        float[] d = dropped[l];
        float[] v = a[l];
        for (int i = 0; i < n; i++) {
          d[i] = v[i] * m[i];
        }
      }
    }
    return z[topology.numLayers() - 1];
  }

  private void ensureCapacity(int rows) {
    if (rows > capacity) {
      allocate(Math.max(rows, capacity * 2));
    }
  }

  private void allocate(int rows) {
    mask = null;
    dropped = null;
    inputMask = null;
    droppedInput = null;
    int n = topology.numLayers();
    for (int l = 0; l < n; l++) {
      int size = rows * topology.fanOut(l);
      z[l] = new float[size];
      // The output layer is the identity: its output is its pre-activation.
      a[l] = l == n - 1 ? z[l] : new float[size];
      delta[l] = new float[size];
    }
    capacity = rows;
  }
}
