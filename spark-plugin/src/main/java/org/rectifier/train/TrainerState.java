package org.rectifier.train;

import java.io.Serializable;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.optim.MinibatchUpdate;

/**
 * What a fit carries from step to step: the float64 master weights and the update (optimizer
 * state, L2). Also the accumulation of one step: partial gradients are added in the order they
 * are given, which callers fix (partition order), so the sum is the same bits on every run.
 */
final class TrainerState implements Serializable {

  private static final long serialVersionUID = 1L;

  final double[] weights;
  final MinibatchUpdate update;
  private transient double[] gradSum;
  private transient double lossSum;
  private transient double weightSum;
  private transient double correctSum;
  private transient double epochLoss;
  private transient double epochWeight;
  private transient double epochCorrect;
  private transient long stepCompute;
  private transient long epochCompute;

  TrainerState(double[] weights, MinibatchUpdate update) {
    this.weights = weights;
    this.update = update;
  }

  /** Starts the sums of an epoch. */
  void beginEpoch() {
    epochLoss = 0;
    epochWeight = 0;
    epochCorrect = 0;
    epochCompute = 0;
  }

  /** Starts the sums of a step. */
  void beginStep() {
    if (gradSum == null) {
      gradSum = new double[weights.length];
    } else {
      java.util.Arrays.fill(gradSum, 0.0);
    }
    lossSum = 0;
    weightSum = 0;
    correctSum = 0;
    stepCompute = 0;
  }

  /** Adds one partition's share (null for none). */
  void add(PartialGradient part) {
    if (part == null) {
      return;
    }
    Convert.addTo(gradSum, part.gradient);
    lossSum += part.lossSum;
    weightSum += part.weightSum;
    correctSum += part.correctSum;
    // A step waits for its slowest task: that task's compute is the step's critical path.
    stepCompute = Math.max(stepCompute, part.computeNanos);
  }

  /** Applies the step's update to the weights and, if given, refreshes the float32 copy. */
  void endStep(float[] params) {
    double loss = update.apply(weights, gradSum, lossSum, weightSum);
    epochLoss += loss * weightSum;
    epochWeight += weightSum;
    epochCorrect += correctSum;
    epochCompute += stepCompute;
    if (params != null) {
      Convert.toFloat(weights, params);
    }
  }

  /** The epoch's sums: {weighted loss, weight, weighted correct}. */
  double[] epochSums() {
    return new double[] {epochLoss, epochWeight, epochCorrect};
  }

  /** Sum over the epoch's steps of the slowest task's compute time. */
  long epochComputeNanos() {
    return epochCompute;
  }
}
