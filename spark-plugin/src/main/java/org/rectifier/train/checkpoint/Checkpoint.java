package org.rectifier.train.checkpoint;

import java.util.List;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.train.step.StepTraffic;

/**
 * Everything the exact continuation of a fit needs after {@link #epochsDone} epochs: the float64
 * weights, the optimizer's step count and state arrays, early stopping's best weights, and the
 * history so far (which the model's summary shows, and from which the stopping rules and the
 * step-size schedule are replayed). Minibatch orders, dropout masks and the validation split
 * are functions of the seed and the epoch, so nothing else is needed.
 */
public final class Checkpoint {

  /** Epochs completed. */
  public final int epochsDone;
  /** The fit's fingerprint. */
  public final FitFingerprint fingerprint;
  /** Master weights. */
  public final double[] weights;
  /** Optimizer name, e.g. "adam". */
  public final String optimizer;
  /** Optimizer steps taken. */
  public final long iterations;
  /** Optimizer state arrays (Adam: m, v). */
  public final double[][] optimizerState;
  /** Early stopping: best loss so far. */
  public final double convergenceBest;
  /** Early stopping: epochs without improvement. */
  public final int convergenceStale;
  /** Per epoch so far. */
  public final List<TrainingHistory.Epoch> history;
  /** Per epoch so far. */
  public final List<StepTraffic> traffic;
  /**
   * Early stopping's best weights when they differ from {@link #weights} (restoreBestWeights,
   * best epoch before the last), else null.
   */
  public final double[] bestWeights;

  /** @see Checkpoint */
  public Checkpoint(int epochsDone, FitFingerprint fingerprint, double[] weights,
      String optimizer, long iterations, double[][] optimizerState, double convergenceBest,
      int convergenceStale, List<TrainingHistory.Epoch> history, List<StepTraffic> traffic,
      double[] bestWeights) {
    this.bestWeights = bestWeights;
    this.epochsDone = epochsDone;
    this.fingerprint = fingerprint;
    this.weights = weights;
    this.optimizer = optimizer;
    this.iterations = iterations;
    this.optimizerState = optimizerState;
    this.convergenceBest = convergenceBest;
    this.convergenceStale = convergenceStale;
    this.history = history;
    this.traffic = traffic;
  }
}
