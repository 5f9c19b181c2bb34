package org.rectifier.nn;

import java.util.Arrays;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.layer.Layer;
import org.rectifier.nn.loss.Loss;

/**
 * Forward and backward passes of a {@link Topology} over row-major float32 minibatches, with the
 * work buffers they need: the sequence of its {@link Layer}s, each followed by its activation.
 * Not thread-safe: one per thread (one per Spark task).
 *
 * <p>A dense layer is one GEMM forward and two backward (weight gradient, and the error for
 * the layer below; the first layer skips the latter since features need no gradient).
 */
public final class Network {

  private final Topology topology;
  private int capacity;
  private float[][] z;
  private float[][] a;
  private float[][] delta;
  /** The dropout of the current pass, or null; its buffers are made on first use. */
  private DropoutLayer dropoutLayer;
  /** What each layer read in the last forward pass (the dropped outputs with dropout). */
  private final float[][] inputs;
  /** Each layer's per-thread working memory (null for layers that need none). */
  private final Layer.Scratch[] scratch;
  /** The layers {@link LayerActivity} records. */
  private final int[] recorded;

  /** A network with buffers for {@code initialRows} rows; they grow on demand. */
  public Network(Topology topology, int initialRows) {
    this.topology = topology;
    int n = topology.numLayers();
    z = new float[n][];
    a = new float[n][];
    delta = new float[n][];
    inputs = new float[n][];
    recorded = LayerActivity.recordedLayers(topology);
    scratch = new Layer.Scratch[n];
    for (int l = 0; l < n; l++) {
      scratch[l] = topology.layer(l).newScratch();
    }
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
    DropoutLayer drop = null;
    if (dropout != null && dropout.active()) {
      if (dropoutLayer == null) {
        dropoutLayer = new DropoutLayer(topology);
      }
      drop = dropoutLayer;
      x = drop.begin(dropout, epoch, globalRows, rowFrom, rows, x);
    }
    float[] logits = forward(params, x, rows, drop);
    double correct = loss.weightedCorrect(logits, labels, weights, rows, outputs);
    double lossSum = loss.lossAndDelta(logits, labels, weights, rows, outputs, delta[last]);
    for (int l = last; l >= 0; l--) {
      Layer layer = topology.layer(l);
      float[] dx = l > 0 ? delta[l - 1] : null;
      layer.backward(params, topology.weightOffset(l), inputs[l], delta[l], rows, grad, dx,
          scratch[l]);
      if (l > 0) {
        if (drop != null && layer.takesDropout()) {
          drop.backward(l - 1, delta[l - 1]);
        }
        Layer below = topology.layer(l - 1);
        below.activation().backward(z[l - 1], a[l - 1], delta[l - 1], rows * below.positions(),
            below.units(), params, grad, topology.activationOffset(l - 1));
      }
    }
    return new BatchStats(lossSum, weightSum(weights, rows), correct);
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
    for (int i = 0; i < recorded.length; i++) {
      acc.record(i, a[recorded[i]], rows);
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

  /**
   * Pre-activations of layer {@code l} from the last forward pass, {@code rows x fanOut(l)}
   * (valid until the next call); for tests that must know where the kinks are.
   */
  float[] preActivation(int l) {
    return z[l];
  }

  private float[] forward(float[] params, float[] x, int rows) {
    return forward(params, x, rows, null);
  }

  private float[] forward(float[] params, float[] x, int rows, DropoutLayer drop) {
    float[] input = x;
    int last = topology.numLayers() - 1;
    for (int l = 0; l <= last; l++) {
      Layer layer = topology.layer(l);
      inputs[l] = input;
      layer.forward(params, topology.weightOffset(l), input, rows, z[l], scratch[l]);
      Activation act = layer.activation();
      if (layer.activates()) {
        act.forward(z[l], a[l], rows * layer.positions(), layer.units(), params,
            topology.activationOffset(l));
      }
      input = drop != null && l < last && topology.layer(l + 1).takesDropout()
          ? drop.forward(l, a[l]) : a[l];
    }
    return z[last];
  }

  private void ensureCapacity(int rows) {
    if (rows > capacity) {
      allocate(Math.max(rows, capacity * 2));
    }
  }

  private void allocate(int rows) {
    int n = topology.numLayers();
    for (int l = 0; l < n; l++) {
      int size = rows * topology.fanOut(l);
      z[l] = new float[size];
      // Without an activation (the output layer, pooling, flatten) the output is z itself.
      a[l] = topology.layer(l).activates() ? new float[size] : z[l];
      delta[l] = new float[size];
    }
    capacity = rows;
  }
}
