package org.rectifier.ml.params;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.optim.Optimizer;

/**
 * The {@link Param} objects of one estimator or model, with their docs, validators and defaults.
 * Spark params belong to one owner (by uid), so each owner builds its own set in its constructor;
 * the {@link NetworkParams}, {@link SolverParams} and {@link HasWeightCol} interfaces expose them.
 */
public final class ParamDefs implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Values of {@code executionMode}. */
  public static final java.util.List<String> EXECUTION_MODES = java.util.List.of("barrier", "jobPerStep");

  /** Default of {@code hiddenLayers}: one hidden layer of 64, as the Keras quickstart. */
  public static final int[] DEFAULT_HIDDEN = {64};

  /** The default {@code architecture}: the ReLU tutorial's network, without its output layer. */
  public static final String DEFAULT_ARCHITECTURE = "conv2d(32,3x3,relu) maxpool(2x2)"
      + " conv2d(64,3x3,relu) maxpool(2x2) flatten dense(128,relu)";

  final IntArrayParam layers;
  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final DoubleParam activationAlpha;
  final Param<Vector> initialWeights;
  final Param<String> solver;
  final DoubleParam stepSize;
  final DoubleParam momentum;
  final IntParam batchSize;
  final IntParam maxIter;
  final DoubleParam tol;
  final LongParam seed;
  final DoubleParam regParam;
  final Param<String> weightCol;
  final Param<String> executionMode;
  final DoubleParam validationFraction;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final IntParam maxFailures;
  final TrainingControlDefs controls;
  final Param<String> architecture;
  final IntArrayParam inputShape;

  /** Creates the params of an MLP estimator or model {@code owner} and sets their defaults. */
  public ParamDefs(Params owner) {
    this(owner, false);
  }

  /**
   * Creates the params of {@code owner} and sets their defaults: an MLP's network params, or
   * with {@code convNet} a conv net's ({@code architecture}, {@code inputShape}) instead. An
   * owner gets only the params it exposes, since Spark saves and reloads every default it has.
   */
  public ParamDefs(Params owner, boolean convNet) {
    if (convNet) {
      layers = null;
      hiddenLayers = null;
      activation = null;
      activationAlpha = null;
      initialWeights = null;
      architecture = new Param<>(owner, "architecture",
          "The hidden layers, separated by spaces, e.g. '" + DEFAULT_ARCHITECTURE + "'; the"
              + " softmax output layer is implied by the number of classes. Layers: "
              + org.rectifier.nn.layer.Architecture.SYNTAX,
          Check.of("architecture", "a non-empty layer spec", (String v) -> !v.isBlank()));
      inputShape = new IntArrayParam(owner, "inputShape",
          "[height, width, channels] of the images, channels-last as in Keras; a Vector"
              + " features column holds each image's values in that (HWC) order. Unset: taken"
              + " from an image column's rows",
          Check.of("inputShape", "3 positive sizes [height, width, channels]",
              (int[] v) -> v.length == 3 && Arrays.stream(v).allMatch(d -> d > 0)));
      owner.setDefault(architecture, DEFAULT_ARCHITECTURE);
    } else {
      architecture = null;
      inputShape = null;
      layers = layersParam(owner);
      hiddenLayers = hiddenLayersParam(owner);
      activation = activationParam(owner);
      activationAlpha = alphaParam(owner);
      initialWeights = initialWeightsParam(owner);
      owner.setDefault(hiddenLayers, DEFAULT_HIDDEN);
      owner.setDefault(activation, "relu");
    }
    solver = new Param<>(owner, "solver", "Optimizer, one of " + Optimizer.NAMES,
        Check.of("solver", "one of " + Optimizer.NAMES, Optimizer.NAMES::contains));
    stepSize = new DoubleParam(owner, "stepSize", "Learning rate (> 0)",
        Check.of("stepSize", "a finite number > 0",
            (Object v) -> (Double) v > 0 && Double.isFinite((Double) v)));
    momentum = new DoubleParam(owner, "momentum", "Momentum of the sgd solver, in [0, 1)",
        Check.of("momentum", "a number in [0, 1)",
            (Object v) -> (Double) v >= 0 && (Double) v < 1));
    batchSize = new IntParam(owner, "batchSize",
        "Rows per optimizer step over the whole cluster (> 0)",
        Check.of("batchSize", "an integer > 0", (Object v) -> (Integer) v > 0));
    maxIter = new IntParam(owner, "maxIter",
        "Epochs (passes over the data); 0 returns the initial weights",
        Check.of("maxIter", "an integer >= 0", (Object v) -> (Integer) v >= 0));
    tol = new DoubleParam(owner, "tol",
        "Stop when the epoch loss failed to improve by more than tol * max(1, |best loss|) for"
            + " 5 epochs in a row; 0 disables",
        Check.of("tol", "a finite number >= 0",
            (Object v) -> (Double) v >= 0 && Double.isFinite((Double) v)));
    seed = new LongParam(owner, "seed", "Seed of the initial weights and the minibatch order");
    regParam = new DoubleParam(owner, "regParam",
        "L2 regularization strength on connection weights (not biases or prelu slopes), >= 0",
        Check.of("regParam", "a finite number >= 0",
            (Object v) -> (Double) v >= 0 && Double.isFinite((Double) v)));
    weightCol = new Param<>(owner, "weightCol",
        "Column of non-negative row weights; unset or empty means every row weighs 1");

    executionMode = new Param<>(owner, "executionMode",
        "How steps reach the cluster: barrier (one Spark barrier job per epoch; tasks exchange"
            + " gradients directly, a step costs milliseconds; needs a task slot per partition"
            + " and no dynamic allocation) or jobPerStep (one Spark job per step; elastic, but"
            + " each step pays tens of milliseconds of scheduling). Both compute the same"
            + " weights.",
        Check.of("executionMode", "one of " + EXECUTION_MODES, EXECUTION_MODES::contains));

    validationFraction = new DoubleParam(owner, "validationFraction",
        "Share of rows held out from training (a seeded choice, independent of partitioning) to"
            + " report validation loss and accuracy after each epoch; 0 for none",
        Check.of("validationFraction", "a number in [0, 1)",
            (Object v) -> (Double) v >= 0 && (Double) v < 1));
    checkpointDir = new Param<>(owner, "checkpointDir",
        "Directory (any Hadoop FileSystem path: local, HDFS, S3A) where the fit saves its state"
            + " every checkpointInterval epochs, and from whose latest complete checkpoint a new"
            + " fit with the same params and data resumes; unset or empty for none",
        Check.of("checkpointDir", "a path", (String v) -> true));
    checkpointInterval = new IntParam(owner, "checkpointInterval",
        "Epochs between checkpoints (>= 1); used when checkpointDir is set",
        Check.of("checkpointInterval", "an integer >= 1", (Object v) -> (Integer) v >= 1));
    maxFailures = new IntParam(owner, "maxFailures",
        "Failed training jobs (a lost executor, a killed task, a lost peer) a fit survives by"
            + " going back to its state at the last job boundary, as spark.task.maxFailures"
            + " counts task attempts: the maxFailures-th failure fails the fit (>= 1; 1 means"
            + " no retry)",
        Check.of("maxFailures", "an integer >= 1", (Object v) -> (Integer) v >= 1));
    controls = new TrainingControlDefs(owner);
    owner.setDefault(checkpointInterval, 1);
    owner.setDefault(maxFailures, 4);
    owner.setDefault(validationFraction, 0.0);
    owner.setDefault(executionMode, "barrier");
    owner.setDefault(solver, "adam");
    owner.setDefault(stepSize, 0.001);
    owner.setDefault(momentum, 0.0);
    owner.setDefault(batchSize, 128);
    owner.setDefault(maxIter, 100);
    owner.setDefault(tol, 1e-6);
    owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
    owner.setDefault(regParam, 0.0);
  }

  private static IntArrayParam layersParam(Params owner) {
    return new IntArrayParam(owner, "layers",
        "Sizes of all layers: input, hidden layers, output (MLlib's meaning). When set it wins"
            + " over hiddenLayers; the input size must match the features and the output size"
            + " bound the labels.",
        Check.of("layers", "at least 2 sizes, all positive",
            (int[] v) -> v.length >= 2 && Arrays.stream(v).allMatch(s -> s > 0)));
  }

  private static IntArrayParam hiddenLayersParam(Params owner) {
    return new IntArrayParam(owner, "hiddenLayers",
        "Sizes of the hidden layers only; the input size comes from the features and the output"
            + " size from the labels. Used when layers is not set.",
        Check.of("hiddenLayers", "positive sizes", (int[] v) -> Arrays.stream(v).allMatch(s -> s > 0)));
  }

  private static Param<String> activationParam(Params owner) {
    return new Param<>(owner, "activation",
        "Activation of the hidden layers, one of " + Activations.NAMES,
        Check.of("activation", "one of " + Activations.NAMES, Activations::isValid));
  }

  private static DoubleParam alphaParam(Params owner) {
    return new DoubleParam(owner, "activationAlpha",
        "alpha of the activation: leaky_relu's negative slope (default 0.01), prelu's initial"
            + " slope (0.25), elu's alpha (1.0); unset means that default; other activations"
            + " ignore it",
        Check.of("activationAlpha", "a finite number", (Object v) -> Double.isFinite((Double) v)));
  }

  private static Param<Vector> initialWeightsParam(Params owner) {
    return new Param<>(owner, "initialWeights",
        "Initial parameters in the engine's layout (per layer: weights numOut x numIn"
            + " column-major, bias, prelu slopes); unset means seeded initialization",
        Check.of("initialWeights", "finite values", Check::allFinite));
  }
}
