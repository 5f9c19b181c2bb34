package org.rectifier.ml.params;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.rectifier.nn.optim.StepSizeSchedule;

/**
 * The training-control params of one owner (dropout, step-size schedules, clipping, weight
 * decay, elastic net, early stopping, validation by column, class weights), with their docs,
 * validators and defaults. Part of {@link ParamDefs}; exposed by {@link TrainingControlParams}.
 */
public final class TrainingControlDefs implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Values of {@code earlyStoppingMetric}. */
  public static final List<String> STOPPING_METRICS = List.of("loss", "accuracy");
  /** Values of {@code classBalance}. */
  public static final List<String> CLASS_BALANCES = List.of("none", "balanced");

  final DoubleParam dropout;
  final DoubleParam inputDropout;
  final Param<String> stepSizeSchedule;
  final DoubleParam decayRate;
  final IntParam decayEpochs;
  final DoubleParam minStepSize;
  final IntParam decayPatience;
  final IntParam warmupEpochs;
  final DoubleParam clipNorm;
  final DoubleParam weightDecay;
  final DoubleParam elasticNetParam;
  final Param<String> validationIndicatorCol;
  final IntParam earlyStoppingPatience;
  final Param<String> earlyStoppingMetric;
  final BooleanParam restoreBestWeights;
  final DoubleArrayParam classWeights;
  final Param<String> classBalance;

  TrainingControlDefs(Params owner) {
    dropout = new DoubleParam(owner, "dropout",
        "Dropout rate on the outputs of every hidden layer during training (inverted dropout:"
            + " kept units are scaled by 1/(1-rate), nothing changes at prediction), in [0, 1)",
        Check.of("dropout", "a number in [0, 1)", TrainingControlDefs::rate));
    inputDropout = new DoubleParam(owner, "inputDropout",
        "Dropout rate on the input features during training, in [0, 1)",
        Check.of("inputDropout", "a number in [0, 1)", TrainingControlDefs::rate));
    stepSizeSchedule = new Param<>(owner, "stepSizeSchedule",
        "How the learning rate changes per epoch: " + StepSizeSchedule.NAMES
            + " (exponential: stepSize * decayRate^epoch; step: times decayRate every decayEpochs;"
            + " cosine: annealed to minStepSize over maxIter epochs; plateau: times decayRate when"
            + " the monitored loss has not improved for decayPatience epochs)",
        Check.of("stepSizeSchedule", "one of " + StepSizeSchedule.NAMES,
            StepSizeSchedule.NAMES::contains));
    decayRate = new DoubleParam(owner, "decayRate",
        "Factor of the exponential, step and plateau schedules, in (0, 1]",
        Check.of("decayRate", "a number in (0, 1]",
            (Object v) -> (Double) v > 0 && (Double) v <= 1));
    decayEpochs = new IntParam(owner, "decayEpochs",
        "Epochs between decays of the step schedule (>= 1)",
        Check.of("decayEpochs", "an integer >= 1", (Object v) -> (Integer) v >= 1));
    minStepSize = new DoubleParam(owner, "minStepSize",
        "Floor of the cosine and plateau schedules (>= 0)",
        Check.of("minStepSize", "a finite number >= 0", TrainingControlDefs::nonNegative));
    decayPatience = new IntParam(owner, "decayPatience",
        "Epochs without improvement before the plateau schedule decays (>= 1)",
        Check.of("decayPatience", "an integer >= 1", (Object v) -> (Integer) v >= 1));
    warmupEpochs = new IntParam(owner, "warmupEpochs",
        "Epochs of linear warm-up: epoch e (from 0) uses (e+1)/warmupEpochs of the scheduled"
            + " rate; 0 for none",
        Check.of("warmupEpochs", "an integer >= 0", (Object v) -> (Integer) v >= 0));
    clipNorm = new DoubleParam(owner, "clipNorm",
        "Largest global L2 norm of a step's mean gradient (penalty included); larger gradients"
            + " are scaled down to it, as Keras's global_clipnorm and PyTorch's clip_grad_norm_;"
            + " 0 for none",
        Check.of("clipNorm", "a finite number >= 0", TrainingControlDefs::nonNegative));
    weightDecay = new DoubleParam(owner, "weightDecay",
        "Decoupled weight decay of solver adamw (w -= stepSize * weightDecay * w on connection"
            + " weights each step, as PyTorch's AdamW), >= 0",
        Check.of("weightDecay", "a finite number >= 0", TrainingControlDefs::nonNegative));
    elasticNetParam = new DoubleParam(owner, "elasticNetParam",
        "MLlib's elastic net mixing: the penalty is regParam * (elasticNetParam * |W|_1 +"
            + " (1 - elasticNetParam) / 2 * |W|^2) on connection weights; the L1 part as a"
            + " subgradient; in [0, 1]",
        Check.of("elasticNetParam", "a number in [0, 1]",
            (Object v) -> (Double) v >= 0 && (Double) v <= 1));
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol",
        "Boolean column marking the validation rows (MLlib GBT's name), instead of"
            + " validationFraction; unset for none");
    earlyStoppingPatience = new IntParam(owner, "earlyStoppingPatience",
        "Stop when earlyStoppingMetric has not improved for this many epochs (monitored on the"
            + " validation rows if any, else on the training rows); 0 for off",
        Check.of("earlyStoppingPatience", "an integer >= 0", (Object v) -> (Integer) v >= 0));
    earlyStoppingMetric = new Param<>(owner, "earlyStoppingMetric",
        "What early stopping watches: " + STOPPING_METRICS + " (accuracy for classifiers only)",
        Check.of("earlyStoppingMetric", "one of " + STOPPING_METRICS,
            STOPPING_METRICS::contains));
    restoreBestWeights = new BooleanParam(owner, "restoreBestWeights",
        "With early stopping, return the weights of the best epoch (Keras's"
            + " restore_best_weights) instead of the last one's");
    classWeights = new DoubleArrayParam(owner, "classWeights",
        "One non-negative weight per class (index = label), multiplied into the row weights"
            + " (with weightCol's) of training and validation rows",
        Check.of("classWeights", "a non-empty array of finite weights >= 0",
            TrainingControlDefs::weights));
    classBalance = new Param<>(owner, "classBalance",
        "none, or balanced: class weights n_rows / (n_classes * rows of the class), as"
            + " scikit-learn's class_weight='balanced'",
        Check.of("classBalance", "one of " + CLASS_BALANCES, CLASS_BALANCES::contains));
    owner.setDefault(dropout, 0.0);
    owner.setDefault(inputDropout, 0.0);
    owner.setDefault(stepSizeSchedule, "constant");
    owner.setDefault(decayRate, 0.5);
    owner.setDefault(decayEpochs, 10);
    owner.setDefault(minStepSize, 0.0);
    owner.setDefault(decayPatience, 5);
    owner.setDefault(warmupEpochs, 0);
    owner.setDefault(clipNorm, 0.0);
    owner.setDefault(weightDecay, 0.01);
    owner.setDefault(elasticNetParam, 0.0);
    owner.setDefault(earlyStoppingPatience, 0);
    owner.setDefault(earlyStoppingMetric, "loss");
    owner.setDefault(restoreBestWeights, true);
    owner.setDefault(classBalance, "none");
  }

  private static boolean rate(Object v) {
    double d = (Double) v;
    return d >= 0 && d < 1;
  }

  private static boolean weights(Object v) {
    double[] w = (double[]) v;
    if (w.length == 0) {
      return false;
    }
    for (double d : w) {
      if (!(d >= 0) || Double.isInfinite(d)) {
        return false;
      }
    }
    return true;
  }

  private static boolean nonNegative(Object v) {
    double d = (Double) v;
    return d >= 0 && Double.isFinite(d);
  }
}
