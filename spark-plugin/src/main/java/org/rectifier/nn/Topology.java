package org.rectifier.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.layer.DenseLayer;
import org.rectifier.nn.layer.Layer;
import org.rectifier.nn.loss.Loss;
import org.rectifier.nn.loss.MeanSquaredError;
import org.rectifier.nn.loss.SoftmaxCrossEntropy;

/**
 * The layers of a sequential network and the layout of its one flat parameter array.
 *
 * <p>A network is a sequence of {@link Layer}s (dense, conv2d, maxpool, flatten), the last a
 * dense layer without activation whose outputs the {@link Loss} reads. Layout: each layer's
 * parameters in order, each as its connection weights, then its biases, then its activation's
 * parameters (PReLU slopes), if any. A dense layer's weights are MLlib's {@code numOut x numIn}
 * column-major, so MLlib {@code initialWeights} carry over to an MLP; a convolution's kernel is
 * Keras's {@code [kh][kw][in][out]}. Either is the row-major matrix a GEMM over the row-major
 * block multiplies by, so the passes read the weights in place.
 *
 * <p>Immutable and serializable, so it can travel to executors.
 */
public final class Topology implements Serializable {

  private static final long serialVersionUID = 2L;

  private final Layer[] layerList;
  private final int[] layers;
  private final Activation hidden;
  private final ImageShape inputShape;
  private final Loss loss;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int[] activationOffset;
  private final int numParams;

  /**
   * A fully connected network (an MLP).
   *
   * @param layers sizes: inputs, each hidden layer, outputs (at least 2 entries, all positive)
   * @param hidden the activation of every hidden layer
   * @param loss the output and loss
   * @throws IllegalArgumentException if a size is not positive or there are fewer than 2
   */
  public Topology(int[] layers, Activation hidden, Loss loss) {
    this(denseLayers(layers, hidden), hidden, null, loss);
  }

  /**
   * A network of any {@link Layer}s over images of {@code inputShape}.
   *
   * @param layers the layers, each taking the previous one's output; the last is dense without
   *     activation
   * @throws IllegalArgumentException if a layer's input does not match the previous output
   */
  public Topology(List<Layer> layers, ImageShape inputShape, Loss loss) {
    this(layers.toArray(new Layer[0]), null, inputShape, loss);
  }

  private Topology(Layer[] layerList, Activation hidden, ImageShape inputShape, Loss loss) {
    if (layerList.length == 0 || !(layerList[layerList.length - 1] instanceof DenseLayer)
        || layerList[layerList.length - 1].activates()) {
      throw new IllegalArgumentException("a network ends in a dense layer without activation"
          + " (the loss applies softmax or identity); got " + Arrays.toString(layerList));
    }
    this.layerList = layerList;
    this.hidden = hidden;
    this.inputShape = inputShape;
    this.loss = loss;
    int n = layerList.length;
    layers = new int[n + 1];
    layers[0] = layerList[0].inSize();
    weightOffset = new int[n];
    biasOffset = new int[n];
    activationOffset = new int[n];
    long offset = 0;
    for (int l = 0; l < n; l++) {
      Layer layer = layerList[l];
      if (layer.inSize() != layers[l]) {
        throw new IllegalArgumentException("layer " + (l + 1) + " (" + layer.spec() + ") takes "
            + layer.inSize() + " values but the layer before gives " + layers[l]);
      }
      layers[l + 1] = layer.outSize();
      weightOffset[l] = (int) offset;
      offset += layer.numWeights();
      biasOffset[l] = (int) offset;
      offset += layer.numBiases();
      activationOffset[l] = (int) offset;
      offset += layer.activation().numParams(layer.units());
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("layers " + Arrays.toString(layers)
            + " need more than 2^31 parameters");
      }
    }
    numParams = (int) offset;
  }

  private static Layer[] denseLayers(int[] layers, Activation hidden) {
    if (layers == null || layers.length < 2) {
      throw new IllegalArgumentException("layers must list at least an input and an output size,"
          + " got " + Arrays.toString(layers));
    }
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] <= 0) {
        throw new IllegalArgumentException("layers[" + i + "] is " + layers[i]
            + "; every layer width must be positive, got " + Arrays.toString(layers));
      }
    }
    Layer[] out = new Layer[layers.length - 1];
    for (int l = 0; l < out.length; l++) {
      out[l] = new DenseLayer(layers[l], layers[l + 1], l == out.length - 1 ? null : hidden);
    }
    return out;
  }

  /** A softmax classifier: the last size is the number of classes. */
  public static Topology classifier(int[] layers, Activation hidden) {
    return new Topology(layers, hidden, new SoftmaxCrossEntropy());
  }

  /** A regressor with identity outputs and mean squared error. */
  public static Topology regressor(int[] layers, Activation hidden) {
    return new Topology(layers, hidden, new MeanSquaredError());
  }

  /** Sizes: inputs, hidden layers, outputs (a copy). */
  public int[] layers() {
    return layers.clone();
  }

  /** Number of layers (for an MLP: its dense layers, sizes minus one). */
  public int numLayers() {
    return layers.length - 1;
  }

  /** Width of the input. */
  public int numInputs() {
    return layers[0];
  }

  /** Width of the output. */
  public int numOutputs() {
    return layers[layers.length - 1];
  }

  /** Values per row going into layer {@code l}. */
  public int fanIn(int l) {
    return layers[l];
  }

  /** Values per row coming out of layer {@code l}. */
  public int fanOut(int l) {
    return layers[l + 1];
  }

  /** Layer {@code l}. */
  public Layer layer(int l) {
    return layerList[l];
  }

  /** The image shape of the input, or null for an MLP over plain vectors. */
  public ImageShape inputShape() {
    return inputShape;
  }

  /**
   * The hidden layers in the architecture syntax ({@code conv2d(32,3x3,relu) maxpool(2x2) ...}),
   * the output layer left out as the number of classes implies it; null for an MLP, which
   * {@link #layers()} and {@link #hiddenActivation()} describe.
   */
  public String architecture() {
    if (inputShape == null) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    for (int l = 0; l + 1 < layerList.length; l++) {
      s.append(l == 0 ? "" : " ").append(layerList[l].spec());
    }
    return s.toString();
  }

  /**
   * The activation of every hidden layer of an MLP; for a network of other layers, the first
   * hidden layer's (the one that dead-unit warnings name).
   */
  public Activation hiddenActivation() {
    if (hidden != null) {
      return hidden;
    }
    for (Layer layer : layerList) {
      if (layer.activates()) {
        return layer.activation();
      }
    }
    return layerList[layerList.length - 1].activation();
  }

  /** The activation of layer {@code l}: identity for the output and for layers without one. */
  public Activation activation(int l) {
    return layerList[l].activation();
  }

  /** The output and loss. */
  public Loss loss() {
    return loss;
  }

  /** Total length of the flat parameter array. */
  public int numParams() {
    return numParams;
  }

  /** Where layer {@code l}'s weights start. */
  public int weightOffset(int l) {
    return weightOffset[l];
  }

  /** Where layer {@code l}'s bias starts. */
  public int biasOffset(int l) {
    return biasOffset[l];
  }

  /** Where layer {@code l}'s activation parameters start (its count may be 0). */
  public int activationOffset(int l) {
    return activationOffset[l];
  }

  /**
   * Fresh parameters: weights by the scheme of the activation they feed (He for the ReLU family,
   * with the leaky gain for leaky_relu/prelu; LeCun normal for selu; Glorot uniform for
   * sigmoid/tanh and the output layer), biases 0, PReLU slopes at alpha. Deterministic for a seed.
   */
  public double[] initialWeights(long seed) {
    Random random = new Random(seed);
    double[] w = new double[numParams];
    float[] actParams = new float[numParams];
    for (int l = 0; l < numLayers(); l++) {
      Layer layer = layerList[l];
      Activation act = layer.activation();
      int fanIn = layer.fanIn();
      int fanOut = layer.fanOut();
      int count = layer.numWeights();
      int off = weightOffset[l];
      switch (act.initScheme()) {
        case HE:
          fillNormal(w, off, count, act.initGain() / Math.sqrt(fanIn), random);
          break;
        case LECUN:
          fillNormal(w, off, count, 1.0 / Math.sqrt(fanIn), random);
          break;
        default:
          double limit = Math.sqrt(6.0 / (fanIn + fanOut));
          for (int i = 0; i < count; i++) {
            w[off + i] = (2.0 * random.nextDouble() - 1.0) * limit;
          }
      }
      int np = act.numParams(layer.units());
      act.initParams(actParams, activationOffset[l], layer.units());
      for (int i = 0; i < np; i++) {
        w[activationOffset[l] + i] = actParams[activationOffset[l] + i];
      }
    }
    return w;
  }

  /**
   * Adds the L2 gradient {@code regParam * W} to {@code grad} for connection weights only (not
   * biases, not activation parameters) and returns the penalty {@code 0.5 * regParam * |W|^2}.
   */
  public double addL2(double[] w, double[] grad, double regParam) {
    double penalty = l2Penalty(w, regParam);
    addL2Gradient(w, grad, regParam, 0, w.length);
    return penalty;
  }

  /** {@code 0.5 * regParam * |W|^2} over connection weights (not biases, not activation params). */
  public double l2Penalty(double[] w, double regParam) {
    if (regParam == 0.0) {
      return 0.0;
    }
    double sumSq = 0.0;
    for (int l = 0; l < numLayers(); l++) {
      for (int i = weightOffset[l]; i < biasOffset[l]; i++) {
        sumSq += w[i] * w[i];
      }
    }
    return 0.5 * regParam * sumSq;
  }

  /** Adds {@code regParam * W} to {@code grad} for the connection weights within [from, to). */
  public void addL2Gradient(double[] w, double[] grad, double regParam, int from, int to) {
    addL2Gradient(w, grad, regParam, from, to, 0);
  }

  /**
   * {@link #addL2Gradient(double[], double[], double, int, int)} on arrays holding a shard: index
   * {@code i} is parameter {@code base + i}; {@code from}, {@code to} are parameter indices.
   */
  public void addL2Gradient(double[] w, double[] grad, double regParam, int from, int to,
      int base) {
    if (regParam == 0.0) {
      return;
    }
    for (int l = 0; l < numLayers(); l++) {
      int start = Math.max(from, weightOffset[l]);
      int end = Math.min(to, biasOffset[l]);
      for (int i = start - base; i < end - base; i++) {
        grad[i] += regParam * w[i];
      }
    }
  }

  /**
   * Adds the penalty's gradient ({@code l2 * w + l1 * sign(w)}) for the connection weights
   * within parameters [from, to) of arrays whose index {@code i} is parameter {@code base + i}.
   */
  public void addPenaltyGradient(double[] w, double[] grad, double l2, double l1, int from,
      int to, int base) {
    if (l2 == 0.0 && l1 == 0.0) {
      return;
    }
    for (int l = 0; l < numLayers(); l++) {
      int start = Math.max(from, weightOffset[l]);
      int end = Math.min(to, biasOffset[l]);
      for (int i = start - base; i < end - base; i++) {
        grad[i] += l2 * w[i] + l1 * Math.signum(w[i]);
      }
    }
  }

  /**
   * The penalty {@code l2 / 2 |W|^2 + l1 |W|_1} of the connection weights within parameters
   * [from, to) of an array whose index {@code i} is parameter {@code base + i}.
   */
  public double penalty(double[] w, double l2, double l1, int from, int to, int base) {
    if (l2 == 0.0 && l1 == 0.0) {
      return 0.0;
    }
    double sq = 0.0;
    double abs = 0.0;
    for (int l = 0; l < numLayers(); l++) {
      int start = Math.max(from, weightOffset[l]);
      int end = Math.min(to, biasOffset[l]);
      for (int i = start - base; i < end - base; i++) {
        sq += w[i] * w[i];
        abs += Math.abs(w[i]);
      }
    }
    return 0.5 * l2 * sq + l1 * abs;
  }

  /** Multiplies the connection weights within parameters [from, to) by {@code factor}. */
  public void scaleWeights(double[] w, double factor, int from, int to, int base) {
    for (int l = 0; l < numLayers(); l++) {
      int start = Math.max(from, weightOffset[l]);
      int end = Math.min(to, biasOffset[l]);
      for (int i = start - base; i < end - base; i++) {
        w[i] *= factor;
      }
    }
  }

  /**
   * {@code |W|^2} over the connection weights within parameters [from, to), of an array whose
   * index {@code i} is parameter {@code base + i}: a piece of {@link #l2Penalty} that shards can
   * sum in a fixed order.
   */
  public double l2Squares(double[] w, int from, int to, int base) {
    double sumSq = 0.0;
    for (int l = 0; l < numLayers(); l++) {
      int start = Math.max(from, weightOffset[l]);
      int end = Math.min(to, biasOffset[l]);
      for (int i = start - base; i < end - base; i++) {
        sumSq += w[i] * w[i];
      }
    }
    return sumSq;
  }

  private static void fillNormal(double[] w, int off, int count, double std, Random random) {
    for (int i = 0; i < count; i++) {
      w[off + i] = random.nextGaussian() * std;
    }
  }

  @Override
  public String toString() {
    return "Topology" + Arrays.toString(layers) + " hidden=" + (hidden != null ? hidden.name()
        : architecture())
        + " loss=" + loss.name() + " params=" + numParams;
  }
}
