package org.rectifier.ml;

import java.io.Serializable;
import java.util.List;
import org.rectifier.nn.LayerActivity;
import org.rectifier.nn.LayerTable;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.train.FitResult;
import org.rectifier.train.step.StepTraffic;

/**
 * What happened during a fit: one entry per epoch with training loss, accuracy (classifier),
 * wall time and rows/s. Lives with the model that the fit returned; not saved with it (as
 * MLlib's summaries). As Spark's {@code TrainingSummary} its {@link #objectiveHistory} is the
 * training loss per epoch, which is what a Spark Connect client can fetch.
 */
public final class MLPTrainingSummary
    implements Serializable, org.apache.spark.ml.classification.TrainingSummary {

  private static final long serialVersionUID = 1L;

  private final TrainingHistory history;
  private final List<StepTraffic> traffic;
  private final long numRows;
  private final long cachedBytes;
  private final int resumedFromEpoch;
  private final int recoveredFailures;
  private final String executionPath;
  private final String executionPathReason;
  private final String stopReason;
  private final int bestEpoch;
  private final int keptEpoch;
  private final LayerTable layers;
  private final String[] activityLayers;

  MLPTrainingSummary(FitResult result) {
    this.history = result.history;
    this.traffic = result.traffic;
    this.numRows = result.numRows;
    this.cachedBytes = result.cachedBytes;
    this.resumedFromEpoch = result.resumedFromEpoch;
    this.recoveredFailures = result.recoveredFailures;
    this.executionPath = result.path;
    this.executionPathReason = result.pathReason;
    this.stopReason = result.stopReason;
    this.bestEpoch = result.bestEpoch;
    this.keptEpoch = result.keptEpoch;
    this.layers = LayerTable.of(result.topology);
    int[] recorded = LayerActivity.recordedLayers(result.topology);
    this.activityLayers = new String[recorded.length];
    for (int i = 0; i < recorded.length; i++) {
      activityLayers[i] = result.topology.layer(recorded[i]).spec();
    }
  }

  /**
   * The network's layers with output shapes and parameter counts, as Keras's
   * {@code model.summary()}; {@code toString()} prints it as a table.
   */
  public LayerTable layerTable() {
    return layers;
  }

  /**
   * The layers that {@link #sparsityHistory()}, {@link #deadUnitHistory()} and
   * {@link #deadUnits()} describe, in their order: the hidden dense and conv2d layers.
   */
  public String[] activityLayers() {
    return activityLayers.clone();
  }

  /**
   * Per layer of {@link #activityLayers()}, per unit (per channel of a conv2d layer), whether it
   * was zero for every row of the last epoch that recorded it (a dead ReLU unit); empty arrays
   * when no epoch did.
   */
  public boolean[][] deadUnits() {
    List<TrainingHistory.Epoch> epochs = history.epochs();
    for (int e = epochs.size() - 1; e >= 0; e--) {
      boolean[][] dead = epochs.get(e).deadUnits;
      if (dead.length > 0) {
        boolean[][] copy = new boolean[dead.length][];
        for (int l = 0; l < dead.length; l++) {
          copy[l] = dead[l].clone();
        }
        return copy;
      }
    }
    return new boolean[activityLayers.length][0];
  }

  /**
   * Why training stopped: {@code maxIter} (ran every epoch), {@code tol} (the training loss
   * stopped improving by tol), {@code patience} (early stopping: earlyStoppingMetric did not
   * improve for earlyStoppingPatience epochs) or {@code diverged} (the training loss was not a
   * finite number).
   */
  public String stopReason() {
    return stopReason;
  }

  /**
   * The best epoch (from 1) by earlyStoppingMetric, on the validation rows if any, else on the
   * training rows; 0 without early stopping.
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /**
   * The epoch (from 1) whose weights the model carries: {@link #bestEpoch} with early stopping
   * and restoreBestWeights, else the last epoch run.
   */
  public int keptEpoch() {
    return keptEpoch;
  }

  /** The learning rate each epoch used (stepSizeSchedule's value, warm-up included). */
  public double[] stepSizeHistory() {
    return history.epochs().stream().mapToDouble(e -> e.stepSize).toArray();
  }

  /** Per epoch, the steps whose gradient was scaled down to clipNorm. */
  public int[] clippedStepsHistory() {
    return history.epochs().stream().mapToInt(e -> e.clippedSteps).toArray();
  }

  /**
   * How the training steps reached the cluster (at the end of the fit): {@code barrier} (a
   * Spark barrier stage per job), {@code gang} (ordinary tasks that meet at the driver, where
   * Spark runs no barrier stage, e.g. under dynamic allocation) or {@code jobPerStep}. All three
   * compute the same weights.
   */
  public String executionPath() {
    return executionPath;
  }

  /** Why the fit took {@link #executionPath}, e.g. dynamic allocation, or a gang that did not form. */
  public String executionPathReason() {
    return executionPathReason;
  }

  /**
   * Training jobs that failed (a lost executor, a killed task, a lost peer) and were run again
   * from the state they started from; the weights are those of a fit without failures.
   */
  public int recoveredFailures() {
    return recoveredFailures;
  }

  /** Whether the fit resumed from a checkpoint (see {@link #resumedFromEpoch}). */
  public boolean resumed() {
    return resumedFromEpoch > 0;
  }

  /**
   * The epochs done by the checkpoint the fit resumed from (its history holds them); 0 for a
   * fit that started afresh.
   */
  public int resumedFromEpoch() {
    return resumedFromEpoch;
  }

  /** Per-epoch figures, in order. */
  public List<TrainingHistory.Epoch> epochs() {
    return history.epochs();
  }

  /** The training loss per epoch (Spark's {@code TrainingSummary}), as {@link #lossHistory}. */
  @Override
  public double[] objectiveHistory() {
    return lossHistory();
  }

  /** Epochs actually run (fewer than maxIter after an early stop). */
  @Override
  public int totalIterations() {
    return history.epochs().size();
  }

  /**
   * Training loss per epoch (weighted mean over its steps, with the regParam penalty; with
   * dropout, the loss of the dropped-out network the steps trained).
   */
  public double[] lossHistory() {
    return history.losses();
  }

  /** Training accuracy per epoch; NaN entries for a regressor. */
  public double[] accuracyHistory() {
    return history.accuracies();
  }

  /**
   * Per epoch, per hidden layer: the fraction of outputs that were exactly zero (ReLU's
   * activation sparsity).
   */
  public double[][] sparsityHistory() {
    return history.epochs().stream().map(e -> e.sparsity.clone()).toArray(double[][]::new);
  }

  /**
   * Per epoch, per hidden layer: the fraction of "dead" units, zero for every row of the epoch
   * (they get no gradient through a ReLU and may never recover).
   */
  public double[][] deadUnitHistory() {
    return history.epochs().stream().map(e -> e.deadFraction.clone()).toArray(double[][]::new);
  }

  /**
   * Per epoch, per dense layer (input side first): the mean L2 norm of the weight gradient.
   * Norms that shrink towards the input show a vanishing gradient.
   */
  public double[][] gradientNormHistory() {
    return history.epochs().stream().map(e -> e.gradientNorm.clone()).toArray(double[][]::new);
  }

  /**
   * Loss on the validation rows after each epoch (NaN entries without validationFraction or
   * validationIndicatorCol).
   */
  public double[] validationLossHistory() {
    return history.epochs().stream().mapToDouble(e -> e.validationLoss).toArray();
  }

  /** Accuracy on the validation rows after each epoch (NaN without validation rows). */
  public double[] validationAccuracyHistory() {
    return history.epochs().stream().mapToDouble(e -> e.validationAccuracy).toArray();
  }

  /**
   * Per epoch, what a training step moved over the network: at the busiest task and at the
   * driver (all zero in local mode, where tasks share arrays).
   */
  public List<StepTraffic> trafficHistory() {
    return traffic;
  }

  /** Rows in the training set. */
  public long numRows() {
    return numRows;
  }

  /** Bytes the cached training blocks held. */
  public long cachedBytes() {
    return cachedBytes;
  }
}
