package org.rectifier.train.step;

import java.io.Serializable;
import org.rectifier.nn.LayerActivity;

/**
 * What an epoch adds up step by step for its history line. Steps are added in order by one
 * worker (so a long epoch split over several jobs carries these sums from job to job and gets
 * the bits of one uninterrupted loop); the hidden layers' activity is counts and flags, which
 * merge in any order.
 */
public final class EpochTotals implements Serializable {

  private static final long serialVersionUID = 1L;

  private double lossWeighted;
  private double weight;
  private double correct;
  private long computeNanos;
  private int clippedSteps;
  private final double[] gradientNormSums;
  private LayerActivity activity;

  /** Empty totals for a network of {@code layers} dense layers. */
  public EpochTotals(int layers) {
    this.gradientNormSums = new double[layers];
  }

  /** Adds one step, given its scalars and chunk sums; {@code clipped} if its gradient was. */
  public void addStep(StepScalars s, StepStats stats, boolean clipped) {
    stats.addNorms(gradientNormSums);
    double w = s.weightSum();
    if (w > 0) {
      lossWeighted += (s.lossSum() / w + stats.penalty()) * w;
    }
    weight += w;
    correct += s.correctSum();
    computeNanos += s.computeNanos();
    clippedSteps += clipped ? 1 : 0;
  }

  /** Adds hidden-layer activity (null: none recorded). */
  public void mergeActivity(LayerActivity a) {
    if (a == null) {
      return;
    }
    if (activity == null) {
      activity = a.emptyCopy();
    }
    activity.merge(a);
  }

  /** Takes {@code other}'s step sums (another worker added this epoch's steps so far). */
  public void setStepSums(EpochTotals other) {
    lossWeighted = other.lossWeighted;
    weight = other.weight;
    correct = other.correct;
    computeNanos = other.computeNanos;
    clippedSteps = other.clippedSteps;
    System.arraycopy(other.gradientNormSums, 0, gradientNormSums, 0, gradientNormSums.length);
  }

  /** A deep copy, activity included. */
  public EpochTotals copy() {
    EpochTotals copy = stepSumsCopy();
    copy.mergeActivity(activity);
    return copy;
  }

  /** A copy of the step sums without the activity. */
  public EpochTotals stepSumsCopy() {
    EpochTotals copy = new EpochTotals(gradientNormSums.length);
    copy.setStepSums(this);
    return copy;
  }

  /** Sum over steps of weight * (mean loss + L2 penalty). */
  public double lossWeighted() {
    return lossWeighted;
  }

  /** Total row weight trained on. */
  public double weight() {
    return weight;
  }

  /** Weight of rows predicted right. */
  public double correct() {
    return correct;
  }

  /** Sum over steps of the slowest share's compute time. */
  public long computeNanos() {
    return computeNanos;
  }

  /** Steps whose gradient was scaled down to {@code clipNorm}. */
  public int clippedSteps() {
    return clippedSteps;
  }

  /** Per dense layer, the sum over steps of the mean weight gradient's L2 norm (a copy). */
  public double[] gradientNormSums() {
    return gradientNormSums.clone();
  }

  /** Hidden-layer sparsity and live units over the epoch; null before any step. */
  public LayerActivity activity() {
    return activity;
  }
}
