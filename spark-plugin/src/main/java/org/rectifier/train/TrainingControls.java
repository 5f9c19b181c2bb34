package org.rectifier.train;

import java.io.Serializable;
import org.rectifier.nn.DropoutMasks;
import org.rectifier.nn.optim.Regularization;
import org.rectifier.nn.optim.StepSizeSchedule;

/** What steers a fit beyond the solver; built by the estimators from their params. */
public final class TrainingControls implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Dropout rate of the hidden layers' outputs. */
  public final double dropout;
  /** Dropout rate of the input features. */
  public final double inputDropout;
  /** The learning rate per epoch. */
  public final StepSizeSchedule schedule;
  /** Penalty and decoupled decay. */
  public final Regularization regularization;
  /** Largest global gradient norm; 0 for none. */
  public final double clipNorm;
  /** Epochs without improvement that stop the fit; 0 for off. */
  public final int earlyStoppingPatience;
  /** "loss" or "accuracy". */
  public final String earlyStoppingMetric;
  /** Whether early stopping returns the best epoch's weights. */
  public final boolean restoreBestWeights;
  /** One weight per class, or null. */
  public final double[] classWeights;
  /** Whether class weights are scikit-learn's balanced ones. */
  public final boolean balanced;

  /** @see TrainingControls */
  public TrainingControls(double dropout, double inputDropout, StepSizeSchedule schedule,
      Regularization regularization, double clipNorm, int earlyStoppingPatience,
      String earlyStoppingMetric, boolean restoreBestWeights) {
    this(dropout, inputDropout, schedule, regularization, clipNorm, earlyStoppingPatience,
        earlyStoppingMetric, restoreBestWeights, null, false);
  }

  /** Controls with class weights: {@code classWeights} given, or {@code balanced}. */
  public TrainingControls(double dropout, double inputDropout, StepSizeSchedule schedule,
      Regularization regularization, double clipNorm, int earlyStoppingPatience,
      String earlyStoppingMetric, boolean restoreBestWeights, double[] classWeights,
      boolean balanced) {
    this.classWeights = classWeights == null ? null : classWeights.clone();
    this.balanced = balanced;
    this.dropout = dropout;
    this.inputDropout = inputDropout;
    this.schedule = schedule;
    this.regularization = regularization;
    this.clipNorm = clipNorm;
    this.earlyStoppingPatience = earlyStoppingPatience;
    this.earlyStoppingMetric = earlyStoppingMetric;
    this.restoreBestWeights = restoreBestWeights;
  }

  /** No controls: a constant {@code stepSize}, L2 {@code regParam}. */
  public static TrainingControls none(double stepSize, double regParam) {
    return new TrainingControls(0, 0, StepSizeSchedule.constant(stepSize),
        Regularization.l2(regParam), 0, 0, "loss", true);
  }

  /** The dropout masks of a fit seeded {@code seed}. */
  public DropoutMasks masks(long seed) {
    return new DropoutMasks(inputDropout, dropout, seed);
  }

  /** Whether rows are weighted by class. */
  public boolean weightsClasses() {
    return classWeights != null || balanced;
  }
}
