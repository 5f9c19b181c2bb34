package org.rectifier.ml;

import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MetadataUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructField;
import org.rectifier.ml.params.ConvNetParams;
import org.rectifier.ml.params.MLPParams;
import org.rectifier.ml.params.TrainingParams;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.ml.params.TrainingControlDefs;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.optim.Regularization;
import org.rectifier.nn.optim.StepSizeSchedule;
import org.rectifier.train.FitRequest;
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.TrainerConfig;
import org.rectifier.train.TrainingControls;
import org.rectifier.train.data.InputSpec;
import scala.Option;

/** Turns an estimator's params into the training layer's {@link FitRequest}. */
final class FitRequests {

  private FitRequests() {}

  static FitRequest of(MLPParams p, Dataset<?> dataset, String featuresCol, String labelCol,
      boolean classification, String name) {
    int[] layers = p.isDefined(p.layers()) ? p.getLayers() : null;
    if (layers != null && p.isSet(p.hiddenLayers())) {
      int[] hidden = p.getHiddenLayers();
      boolean same = hidden.length == layers.length - 2;
      for (int i = 0; same && i < hidden.length; i++) {
        same = hidden[i] == layers[i + 1];
      }
      if (!same) {
        throw new InvalidInputException("Params layers and hiddenLayers are both set and"
            + " disagree: set one of them (layers includes the input and output sizes)");
      }
    }
    Activation activation = Activations.create(p.getActivation(), p.getActivationAlpha());
    TrainingControls controls = controls(p, classification, name);
    InputSpec input = input(p, dataset, featuresCol, labelCol, classification, controls);
    double[] initial = null;
    if (p.isDefined(p.initialWeights())) {
      Vector v = p.getInitialWeights();
      initial = v.toArray();
    }
    return new FitRequest(input, layers, p.getHiddenLayers(), activation, initial,
        trainer(p, name, controls));
  }

  /**
   * A conv net classifier's fit over images of {@code shape}, whose values are in
   * {@code featuresCol} as vectors in HWC order.
   */
  static FitRequest ofConvNet(ConvNetParams p, Dataset<?> dataset, String featuresCol,
      String labelCol, ImageShape shape, String name) {
    TrainingControls controls = controls(p, true, name);
    InputSpec input = input(p, dataset, featuresCol, labelCol, true, controls);
    return new FitRequest(input, p.getArchitecture(), shape, trainer(p, name, controls));
  }

  private static InputSpec input(TrainingParams p, Dataset<?> dataset, String featuresCol,
      String labelCol, boolean classification, TrainingControls controls) {
    int numClasses = -1;
    String numClassesSource = null;
    if (classification) {
      StructField labelField = dataset.schema().apply(labelCol);
      Option<Object> fromMeta = MetadataUtils.getNumClasses(labelField);
      if (fromMeta.isDefined()) {
        numClasses = (Integer) fromMeta.get();
        numClassesSource = "the label column's metadata (number of classes)";
      }
    }
    return new InputSpec(featuresCol, labelCol, p.getWeightCol(), classification,
        -1, null, numClasses, numClassesSource, p.getValidationIndicatorCol(),
        controls.weightsClasses());
  }

  private static TrainerConfig trainer(TrainingParams p, String name,
      TrainingControls controls) {
    return new TrainerConfig(p.getSolver(), p.getStepSize(), p.getMomentum(),
        p.getBatchSize(), p.getMaxIter(), p.getTol(), p.getSeed(), p.getRegParam(), name,
        "barrier".equals(p.getExecutionMode()), p.getValidationFraction(),
        p.getCheckpointDir(), p.getCheckpointInterval(), p.getMaxFailures(), controls);
  }

  /**
   * The training controls, after the checks no single param's validator can make: params that
   * exclude each other, or that the estimator or solver cannot use.
   */
  static TrainingControls controls(TrainingParams p, boolean classification, String name) {
    if (p.getValidationIndicatorCol() != null && p.getValidationFraction() > 0) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Params validationIndicatorCol ('%s') and validationFraction (%s) are both set;"
              + " expected one way to choose the validation rows: the column, or a random"
              + " share", p.getValidationIndicatorCol(), p.getValidationFraction()));
    }
    if (!classification && "accuracy".equals(p.getEarlyStoppingMetric())) {
      throw new InvalidInputException(name + ": Param earlyStoppingMetric is 'accuracy',"
          + " which a regressor cannot compute; expected one of [loss] (accuracy is for"
          + " classifiers, which accept " + TrainingControlDefs.STOPPING_METRICS + ")");
    }
    boolean adamw = "adamw".equals(p.getSolver());
    if (!adamw && p.isSet(p.weightDecay())) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Param weightDecay is set (%s) but solver is '%s'; weightDecay is AdamW's decoupled"
              + " decay: set solver to adamw (or use regParam for an L2 penalty in the loss)",
          p.getWeightDecay(), p.getSolver()));
    }
    double[] classWeights = p.getClassWeights();
    boolean balanced = "balanced".equals(p.getClassBalance());
    if (!classification && (classWeights != null || balanced)) {
      throw new InvalidInputException(name + ": Param "
          + (classWeights != null ? "classWeights" : "classBalance") + " is set, but a regressor"
          + " has no classes; expected it unset (use weightCol to weight rows)");
    }
    if (classWeights != null && balanced) {
      throw new InvalidInputException("Params classWeights and classBalance=balanced are both"
          + " set; expected one of them: given weights, or weights computed from the class"
          + " counts");
    }
    String schedule = p.getStepSizeSchedule();
    if (("cosine".equals(schedule) || "plateau".equals(schedule))
        && p.getMinStepSize() > p.getStepSize()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Param minStepSize (%s) is above stepSize (%s); expected the %s schedule's floor to"
              + " be at most its starting rate", p.getMinStepSize(), p.getStepSize(), schedule));
    }
    StepSizeSchedule rates = new StepSizeSchedule(schedule, p.getStepSize(), p.getDecayRate(),
        p.getDecayEpochs(), p.getMinStepSize(), p.getDecayPatience(), p.getWarmupEpochs(),
        p.getMaxIter());
    Regularization reg = Regularization.of(p.getRegParam(), p.getElasticNetParam(),
        adamw ? p.getWeightDecay() : 0.0);
    return new TrainingControls(p.getDropout(), p.getInputDropout(), rates, reg,
        p.getClipNorm(), p.getEarlyStoppingPatience(), p.getEarlyStoppingMetric(),
        p.getRestoreBestWeights(), classWeights, balanced);
  }
}
