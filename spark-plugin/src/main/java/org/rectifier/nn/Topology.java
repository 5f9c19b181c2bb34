package org.rectifier.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Identity;
import org.rectifier.nn.loss.Loss;
import org.rectifier.nn.loss.MeanSquaredError;
import org.rectifier.nn.loss.SoftmaxCrossEntropy;

/**
 * The shape of a fully connected network and the layout of its one flat parameter array.
 *
 * <p>Layout (MLlib's, so MLlib {@code initialWeights} carry over): for each layer in order, the
 * weights as {@code numOut x numIn} column-major, then the bias ({@code numOut}), then that
 * layer's activation parameters (PReLU slopes), if any. Column-major {@code numOut x numIn} is the
 * same memory as a row-major {@code numIn x numOut} matrix, which is what a row-major minibatch
 * multiplies by, so GEMM reads the weights in place.
 *
 * <p>Immutable and serializable, so it can travel to executors.
 */
public final class Topology implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Identity OUTPUT_ACTIVATION = new Identity();

  private final int[] layers;
  private final Activation hidden;
  private final Loss loss;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int[] activationOffset;
  private final int numParams;

  /**
   * @param layers sizes: inputs, each hidden layer, outputs (at least 2 entries, all positive)
   * @param hidden the activation of every hidden layer
   * @param loss the output and loss
   * @throws IllegalArgumentException if a size is not positive or there are fewer than 2
   */
  public Topology(int[] layers, Activation hidden, Loss loss) {
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
    this.layers = layers.clone();
    this.hidden = hidden;
    this.loss = loss;
    int n = layers.length - 1;
    weightOffset = new int[n];
    biasOffset = new int[n];
    activationOffset = new int[n];
    long offset = 0;
    for (int l = 0; l < n; l++) {
      weightOffset[l] = (int) offset;
      offset += (long) layers[l] * layers[l + 1];
      biasOffset[l] = (int) offset;
      offset += layers[l + 1];
      activationOffset[l] = (int) offset;
      offset += activation(l).numParams(layers[l + 1]);
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("layers " + Arrays.toString(layers)
            + " need more than 2^31 parameters");
      }
    }
    numParams = (int) offset;
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

  /** Number of dense layers (sizes minus one). */
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

  /** Input width of dense layer {@code l}. */
  public int fanIn(int l) {
    return layers[l];
  }

  /** Output width of dense layer {@code l}. */
  public int fanOut(int l) {
    return layers[l + 1];
  }

  /** The hidden-layer activation. */
  public Activation hiddenActivation() {
    return hidden;
  }

  /** The activation of dense layer {@code l}: the hidden one, identity for the output layer. */
  public Activation activation(int l) {
    return l == layers.length - 2 ? OUTPUT_ACTIVATION : hidden;
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
      Activation act = activation(l);
      int fanIn = fanIn(l);
      int fanOut = fanOut(l);
      int count = fanIn * fanOut;
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
      int np = act.numParams(fanOut);
      act.initParams(actParams, activationOffset[l], fanOut);
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
    return "Topology" + Arrays.toString(layers) + " hidden=" + hidden.name()
        + " loss=" + loss.name() + " params=" + numParams;
  }
}
