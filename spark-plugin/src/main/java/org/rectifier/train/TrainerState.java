package org.rectifier.train;

import java.io.Serializable;
import org.rectifier.nn.LayerActivity;
import org.rectifier.nn.optim.MinibatchUpdate;

/**
 * What a fit carries from step to step: the float64 master weights and the update (optimizer
 * state, L2); and the arithmetic of one step. Partial gradients are summed per parameter in
 * partition order, whoever does it and in however many ranges, so every execution mode
 * produces the same bits. Ranges start at multiples of {@link #CHUNK} ({@link #rangeStart}) so
 * that the per-layer gradient norms, summed per chunk, have the same bits too.
 */
final class TrainerState implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int CHUNK = 2048;

  final double[] weights;
  final MinibatchUpdate update;
  private transient double[] gradSum;
  /** Per chunk, per layer: squared norm of the step's mean weight gradient within the chunk. */
  private transient double[] chunkSquares;
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
      chunkSquares = new double[numChunks() * update.topology().numLayers()];
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
   * Where the range of {@code part} (of {@code parts}) begins; ranges split the parameters at
   * chunk boundaries, which keeps the gradient norms independent of the split.
   */
  int rangeStart(int part, int parts) {
    return (int) Math.min(weights.length, (long) numChunks() * part / parts * CHUNK);
  }

  private int numChunks() {
    return (weights.length + CHUNK - 1) / CHUNK;
  }

  /**
   * Sums the partials for parameters {@code [from, to)}, applies the update there and refreshes
   * that range of the float32 copy. Disjoint ranges from {@link #rangeStart} may run
   * concurrently.
   */
  void reduceRange(PartialGradient[] parts, int from, int to, float[] params) {
    if (from % CHUNK != 0) {
      throw new IllegalArgumentException("range start " + from + " is not a chunk boundary");
    }
    double weight = 0;
    for (PartialGradient part : parts) {
      if (part != null) {
        weight += part.weightSum;
      }
    }
    long t = update.optimizer().iterations() + 1;
    // Chunks small enough that the sum, the update and the float copy of a chunk all hit L1/L2
    // instead of streaming the whole parameter vector through memory five times.
    for (int lo = from; lo < to; lo += CHUNK) {
      int hi = Math.min(to, lo + CHUNK);
      sumPartials(parts, lo, hi);
      update.applyRange(weights, gradSum, weight, lo, hi, t);
      chunkWeightGradientSquares(lo, hi);
      for (int i = lo; i < hi; i++) {
        params[i] = (float) weights[i];
      }
    }
  }

  /**
   * gradSum[lo, hi) = the partials' sum in partition order. The first partial is assigned rather
   * than added to a zeroed array (same value: 0 + x == x), one pass less over the chunk.
   */
  private void sumPartials(PartialGradient[] parts, int lo, int hi) {
    boolean first = true;
    for (PartialGradient part : parts) {
      if (part == null) {
        continue;
      }
      float[] g = part.gradient;
      if (first) {
        for (int i = lo; i < hi; i++) {
          gradSum[i] = g[i];
        }
        first = false;
      } else {
        for (int i = lo; i < hi; i++) {
          gradSum[i] += g[i];
        }
      }
    }
    if (first) {
      java.util.Arrays.fill(gradSum, lo, hi, 0.0);
    }
  }

  /** Per layer, the squared norm of the mean weight gradient within the chunk at {@code lo}. */
  private void chunkWeightGradientSquares(int lo, int hi) {
    org.rectifier.nn.Topology t = update.topology();
    int layers = t.numLayers();
    int base = lo / CHUNK * layers;
    for (int l = 0; l < layers; l++) {
      int start = Math.max(lo, t.weightOffset(l));
      int end = Math.min(hi, t.biasOffset(l));
      // Four independent sums: one chain of dependent adds ran at a quarter of the FPU's rate.
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int i = start;
      for (; i + 3 < end; i += 4) {
        s0 += gradSum[i] * gradSum[i];
        s1 += gradSum[i + 1] * gradSum[i + 1];
        s2 += gradSum[i + 2] * gradSum[i + 2];
        s3 += gradSum[i + 3] * gradSum[i + 3];
      }
      for (; i < end; i++) {
        s0 += gradSum[i] * gradSum[i];
      }
      chunkSquares[base + l] = (s0 + s1) + (s2 + s3);
    }
  }

  /** Ends the step once every range is reduced (after {@link #sumScalars}). */
  void finishStep() {
    int layers = epochGradNorm.length;
    for (int l = 0; l < layers; l++) {
      double s = 0;
      for (int c = l; c < chunkSquares.length; c += layers) {
        s += chunkSquares[c];
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
    reduceRange(parts, 0, weights.length, params);
    finishStep();
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
