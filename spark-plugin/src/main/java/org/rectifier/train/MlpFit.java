package org.rectifier.train;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.rectifier.nn.Topology;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.train.checkpoint.CheckpointStore;
import org.rectifier.train.checkpoint.FitFingerprint;
import org.rectifier.train.data.InputSpec;
import org.rectifier.train.data.SliceOptions;
import org.rectifier.train.data.TrainingData;
import org.rectifier.train.loop.TaskSlots;

/**
 * One whole fit: validate and cache the data, settle the layer sizes, initialize, train, release
 * the cache. Whatever fails, the cache is released and nothing is returned half-trained.
 */
public final class MlpFit {

  private MlpFit() {}

  /**
   * Runs {@code request} over {@code dataset}.
   *
   * @throws InvalidInputException for a bad Rectifier Spark property (before any Spark job), or
   *     for input rows, labels, weights or params the fit cannot use
   */
  public static FitResult run(Dataset<?> dataset, FitRequest request) {
    TrainingConfigChecks.check(dataset.sparkSession().sparkContext());
    InputSpec spec = request.inputShape != null
        ? request.input.withLimits(request.inputShape.size(), "Param inputShape ["
            + request.inputShape.height() + ", " + request.inputShape.width() + ", "
            + request.inputShape.channels() + "] (height x width x channels)",
            request.input.numClasses, request.input.numClassesSource)
        : withLayerLimits(request.input, request.layers);
    // Before any job: an unusable directory fails the fit at once.
    CheckpointStore store = request.trainer.checkpointDir == null ? null
        : CheckpointStore.open(request.trainer.checkpointDir,
            dataset.sparkSession().sparkContext().hadoopConfiguration());
    // A barrier stage needs all its tasks running at once: at most one partition per slot.
    int maxPartitions = request.trainer.barrier
        ? TaskSlots.plan(dataset.sparkSession().sparkContext())
        : Integer.MAX_VALUE;
    try (TrainingData data = TrainingData.build(dataset, spec, maxPartitions,
        request.trainer.barrier)) {
      Topology topology = topology(request, data);
      double[] weights = initialWeights(request, topology);
      TrainerConfig config = request.trainer;
      float[] classWeights = spec.classification
          ? ClassWeights.resolve(config.controls, data.classCounts(), topology.numOutputs(),
              spec.labelCol, spec.weightCol)
          : null;
      SliceOptions options = new SliceOptions(classWeights, config.controls.masks(config.seed));
      DistributedTrainer trainer = new DistributedTrainer(topology, config, options);
      FitFingerprint fingerprint = FitFingerprint.of(topology, config, data.numRows(),
          request.input.weightCol != null, request.initialWeights, classWeights,
          request.input.validationIndicatorCol);
      TrainingHistory history = trainer.fit(data, weights, store, fingerprint);
      return new FitResult(topology, weights, history, trainer.traffic(), data.numRows(),
          data.cachedBytes(), trainer.resumedFromEpoch(), trainer.failures(), trainer.path(),
          trainer.pathReason(), trainer.stopReason(), trainer.bestEpoch(),
          trainer.keptEpoch());
    }
  }

  private static InputSpec withLayerLimits(InputSpec in, int[] layers) {
    if (layers == null) {
      return in;
    }
    int outputs = layers[layers.length - 1];
    if (!in.classification && outputs != 1) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Param layers is %s: a regressor predicts one label, so the output size must be 1",
          Arrays.toString(layers)));
    }
    return in.withLimits(layers[0], "layers[0]", in.classification ? outputs : -1,
        "the output size layers[" + (layers.length - 1) + "]");
  }

  private static Topology topology(FitRequest request, TrainingData data) {
    if (request.architecture != null) {
      int classes = request.input.numClasses > 0 ? request.input.numClasses
          : Math.max(2, (int) data.maxLabel() + 1);
      try {
        return Architecture.classifier(request.architecture, request.inputShape, classes);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage());
      }
    }
    int[] layers = request.layers;
    if (layers == null) {
      int outputs = 1;
      if (request.input.classification) {
        outputs = request.input.numClasses > 0 ? request.input.numClasses
            : Math.max(2, (int) data.maxLabel() + 1);
      }
      int[] hidden = request.hiddenLayers;
      layers = new int[hidden.length + 2];
      layers[0] = data.numFeatures();
      System.arraycopy(hidden, 0, layers, 1, hidden.length);
      layers[layers.length - 1] = outputs;
    }
    return request.input.classification
        ? Topology.classifier(layers, request.activation)
        : Topology.regressor(layers, request.activation);
  }

  private static double[] initialWeights(FitRequest request, Topology topology) {
    if (request.initialWeights == null) {
      return topology.initialWeights(request.trainer.seed);
    }
    if (request.initialWeights.length != topology.numParams()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Param initialWeights has %d values, but layers %s with activation %s need %d"
              + " (per layer: numOut x numIn weights, numOut biases%s)",
          request.initialWeights.length, Arrays.toString(topology.layers()),
          request.activation.name(), topology.numParams(),
          request.activation.numParams(1) > 0 ? ", numOut prelu slopes on hidden layers" : ""));
    }
    return request.initialWeights.clone();
  }
}
