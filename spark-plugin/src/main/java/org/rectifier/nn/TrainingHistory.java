package org.rectifier.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Per-epoch figures of a fit, in epoch order. */
public final class TrainingHistory implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One epoch's figures. */
  public static final class Epoch implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 1-based epoch number. */
    public final int epoch;
    /** Weighted mean training loss over the epoch's steps (with the L2 penalty). */
    public final double loss;
    /** Weighted training accuracy over the epoch; NaN for regression. */
    public final double accuracy;
    /** Wall time of the epoch in seconds. */
    public final double seconds;
    /** Rows processed per second. */
    public final double rowsPerSecond;
    /** Steps in the epoch. */
    public final int steps;
    /**
     * Seconds of the epoch on the critical path of computing (per step, the slowest worker's
     * row gathering and forward/backward); the rest of {@link #seconds} is scheduling,
     * communication and the optimizer.
     */
    public final double computeSeconds;
    /** Per hidden layer: fraction of outputs exactly zero over the epoch (empty if unknown). */
    public final double[] sparsity;
    /** Per hidden layer: fraction of units that were zero for every row of the epoch. */
    public final double[] deadFraction;
    /**
     * Per hidden dense or conv2d layer, per unit (a conv2d layer's units are its channels):
     * whether it was zero for every row of the epoch. Empty when not recorded (an epoch read
     * back from a checkpoint).
     */
    public final boolean[][] deadUnits;
    /**
     * Per layer (hidden layers, then the output layer; maxpool and flatten layers, which have
     * no weights, show 0): the mean over the epoch's steps of the L2 norm of the minibatch's mean
     * weight gradient. A norm that shrinks layer by layer
     * towards the input is the vanishing gradient. Empty if unknown.
     */
    public final double[] gradientNorm;
    /** Mean loss on the held-out rows after the epoch; NaN without a validation fraction. */
    public final double validationLoss;
    /** Accuracy on the held-out rows after the epoch; NaN without one (or for regression). */
    public final double validationAccuracy;
    /** The learning rate the epoch's steps used (its schedule's value); NaN if not recorded. */
    public final double stepSize;
    /** Steps whose gradient was scaled down to {@code clipNorm}. */
    public final int clippedSteps;

    /** @see Epoch */
    public Epoch(int epoch, double loss, double accuracy, double seconds, double rowsPerSecond,
        int steps, double computeSeconds, LayerActivity activity, double[] gradientNorm,
        double validationLoss, double validationAccuracy) {
      this(epoch, loss, accuracy, seconds, rowsPerSecond, steps, computeSeconds, activity,
          gradientNorm, validationLoss, validationAccuracy, Double.NaN, 0);
    }

    /** An epoch with its learning rate and clipped steps. */
    public Epoch(int epoch, double loss, double accuracy, double seconds, double rowsPerSecond,
        int steps, double computeSeconds, LayerActivity activity, double[] gradientNorm,
        double validationLoss, double validationAccuracy, double stepSize, int clippedSteps) {
      this.stepSize = stepSize;
      this.clippedSteps = clippedSteps;
      this.epoch = epoch;
      this.loss = loss;
      this.accuracy = accuracy;
      this.seconds = seconds;
      this.rowsPerSecond = rowsPerSecond;
      this.steps = steps;
      this.computeSeconds = computeSeconds;
      this.gradientNorm = gradientNorm == null ? new double[0] : gradientNorm.clone();
      this.validationLoss = validationLoss;
      this.validationAccuracy = validationAccuracy;
      int layers = activity == null ? 0 : activity.numLayers();
      this.sparsity = new double[layers];
      this.deadFraction = new double[layers];
      this.deadUnits = new boolean[layers][];
      for (int l = 0; l < layers; l++) {
        sparsity[l] = activity.sparsity(l);
        deadFraction[l] = activity.deadFraction(l);
        deadUnits[l] = activity.deadUnits(l);
      }
    }

    /** An epoch as recorded (e.g. read back from a checkpoint). */
    public Epoch(int epoch, double loss, double accuracy, double seconds, double rowsPerSecond,
        int steps, double computeSeconds, double[] sparsity, double[] deadFraction,
        double[] gradientNorm, double validationLoss, double validationAccuracy,
        double stepSize, int clippedSteps) {
      this.stepSize = stepSize;
      this.clippedSteps = clippedSteps;
      this.epoch = epoch;
      this.loss = loss;
      this.accuracy = accuracy;
      this.seconds = seconds;
      this.rowsPerSecond = rowsPerSecond;
      this.steps = steps;
      this.computeSeconds = computeSeconds;
      this.sparsity = sparsity.clone();
      this.deadFraction = deadFraction.clone();
      this.deadUnits = new boolean[0][];
      this.gradientNorm = gradientNorm.clone();
      this.validationLoss = validationLoss;
      this.validationAccuracy = validationAccuracy;
    }

    /** Mean milliseconds per step spent outside computing (see {@link #computeSeconds}). */
    public double overheadMillisPerStep() {
      return steps == 0 ? 0 : 1000.0 * (seconds - computeSeconds) / steps;
    }
  }

  private final List<Epoch> epochs = new ArrayList<>();

  /** Appends an epoch. */
  public void add(Epoch epoch) {
    epochs.add(epoch);
  }

  /** The epochs so far. */
  public List<Epoch> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** Loss of each epoch. */
  public double[] losses() {
    return epochs.stream().mapToDouble(e -> e.loss).toArray();
  }

  /** Accuracy of each epoch. */
  public double[] accuracies() {
    return epochs.stream().mapToDouble(e -> e.accuracy).toArray();
  }
}
