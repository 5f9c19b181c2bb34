package org.rectifier.train;

import java.io.Serializable;
import org.rectifier.nn.LayerActivity;
import org.rectifier.nn.optim.MinibatchUpdate;

/**
 * What a fit carries from step to step: the float64 master weights and the update (optimizer
 * state, L2); and the arithmetic of one step. Partial gradients are summed per parameter in
 * partition order, whoever does it and in however many ranges, so every execution mode
 * produces the same bits.
 */
final class TrainerState implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int CHUNK = 2048;

  final double[] weights;
  final MinibatchUpdate update;
  private transient double[] gradSum;
  private transient double penalty;
  private transient double lossSum;
  private transient double weightSum;
  private transient double correctSum;
  private transient long stepCompute;
  private transient double epochLoss;
  private transient double epochWeight;
  private transient double epochCorrect;
  private transient long epochCompute;
  private transient LayerActivity epochActivity;
  private transient double[] epochGradNorm;

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
    epochActivity = null;
    epochGradNorm = new double[update.topology().numLayers()];
    if (gradSum == null) {
      gradSum = new double[weights.length];
    }
  }

  /**
   * Before a step's partials exist: the L2 penalty of the current weights (the loss reports it
   * before the weights move). Must not overlap {@link #reduceRange}.
   */
  void prepareStep() {
    penalty = update.meanLoss(weights, 0.0, 1.0);
  }

  /** The step's scalar sums, in partition order; null partials are partitions with no rows. */
  void sumScalars(PartialGradient[] parts) {
    lossSum = 0;
    weightSum = 0;
    correctSum = 0;
    stepCompute = 0;
    for (PartialGradient part : parts) {
      if (part != null) {
        lossSum += part.lossSum;
        weightSum += part.weightSum;
        correctSum += part.correctSum;
        // A step waits for its slowest task: that task's compute is the step's critical path.
        stepCompute = Math.max(stepCompute, part.computeNanos);
        if (part.activity != null) {
          if (epochActivity == null) {
            epochActivity = new LayerActivity(widthsOf(part.activity));
          }
          epochActivity.merge(part.activity);
        }
      }
    }
  }

  /**
   * Sums the partials for parameters {@code [from, to)}, applies the update there and refreshes
   * that range of the float32 copy. Disjoint ranges may run concurrently.
   */
  double[] reduceRange(PartialGradient[] parts, int from, int to, float[] params) {
    double weight = 0;
    for (PartialGradient part : parts) {
      if (part != null) {
        weight += part.weightSum;
      }
    }
    long t = update.optimizer().iterations() + 1;
    double[] squares = new double[update.topology().numLayers()];
    // Chunks small enough that the sum, the update and the float copy of a chunk all hit L1/L2
    // instead of streaming the whole parameter vector through memory five times.
    for (int lo = from; lo < to; lo += CHUNK) {
      int hi = Math.min(to, lo + CHUNK);
      java.util.Arrays.fill(gradSum, lo, hi, 0.0);
      for (PartialGradient part : parts) {
        if (part != null) {
          float[] g = part.gradient;
          for (int i = lo; i < hi; i++) {
            gradSum[i] += g[i];
          }
        }
      }
      update.applyRange(weights, gradSum, weight, lo, hi, t);
      addWeightGradientSquares(lo, hi, squares);
      for (int i = lo; i < hi; i++) {
        params[i] = (float) weights[i];
      }
    }
    return squares;
  }

  /** Per layer, the squared norm of the mean weight gradient within [lo, hi). */
  private void addWeightGradientSquares(int lo, int hi, double[] squares) {
    org.rectifier.nn.Topology t = update.topology();
    for (int l = 0; l < squares.length; l++) {
      int start = Math.max(lo, t.weightOffset(l));
      int end = Math.min(hi, t.biasOffset(l));
      double s = 0;
      for (int i = start; i < end; i++) {
        s += gradSum[i] * gradSum[i];
      }
      squares[l] += s;
    }
  }

  /**
   * Ends the step once every range is reduced (after {@link #sumScalars}); {@code squares} are
   * the ranges' per-layer squared gradient norms, in range order.
   */
  void finishStep(double[][] squares) {
    for (int l = 0; l < epochGradNorm.length; l++) {
      double s = 0;
      for (double[] range : squares) {
        s += range[l];
      }
      epochGradNorm[l] += Math.sqrt(s);
    }
    update.finish(weightSum);
    if (weightSum > 0) {
      epochLoss += (lossSum / weightSum + penalty) * weightSum;
    }
    epochWeight += weightSum;
    epochCorrect += correctSum;
    epochCompute += stepCompute;
  }

  /** The whole step on one thread. */
  void step(PartialGradient[] parts, float[] params) {
    prepareStep();
    sumScalars(parts);
    double[] squares = reduceRange(parts, 0, weights.length, params);
    finishStep(new double[][] {squares});
  }

  /** The epoch's sums: {weighted loss, weight, weighted correct}. */
  double[] epochSums() {
    return new double[] {epochLoss, epochWeight, epochCorrect};
  }

  /** Per dense layer, the sum over the epoch's steps of the mean weight gradient's L2 norm. */
  double[] epochGradientNormSums() {
    return epochGradNorm.clone();
  }

  /** The hidden layers' sparsity and live units over the epoch; null before any step. */
  LayerActivity epochActivity() {
    return epochActivity;
  }

  private static int[] widthsOf(LayerActivity a) {
    int[] w = new int[a.numLayers()];
    for (int l = 0; l < w.length; l++) {
      w[l] = a.width(l);
    }
    return w;
  }

  /** Sum over the epoch's steps of the slowest task's compute time. */
  long epochComputeNanos() {
    return epochCompute;
  }
}
