package org.rectifier.train.step;

import org.rectifier.nn.optim.MinibatchUpdate;

/**
 * The driver's whole training state between steps and jobs: every parameter's master weight and
 * optimizer state ({@link ParameterShard#whole}), the running epoch's {@link EpochTotals}, and
 * the step bookkeeping for the modes that sum partials in one JVM (a job per step; local-mode
 * tasks that split a step's reduce by ranges, see {@link #reduceRange}).
 */
public final class TrainerState {

  private final ParameterShard shard;
  private final StepStats stats;
  private final StepScalars scalars = new StepScalars();
  private EpochTotals epoch;

  /** The state at some point, to go back to after a failed job. */
  public static final class Snapshot {
    private final ParameterShard shard;
    private final EpochTotals epoch;

    private Snapshot(ParameterShard shard, EpochTotals epoch) {
      this.shard = shard;
      this.epoch = epoch;
    }
  }

  /** State over {@code weights} (kept and updated in place) and {@code update}. */
  public TrainerState(double[] weights, MinibatchUpdate update) {
    this.shard = ParameterShard.whole(weights, update);
    this.stats = new StepStats(weights.length, update.topology().numLayers());
  }

  /** The master weights (live). */
  public double[] weights() {
    return shard.weights();
  }

  /** All parameters with their optimizer state. */
  public ParameterShard shard() {
    return shard;
  }

  /** A copy of the weights, optimizer state and epoch sums as they are now. */
  public Snapshot snapshot() {
    return new Snapshot(shard.slice(shard.from(), shard.to()), epoch == null ? null
        : epoch.copy());
  }

  /** Goes back to {@code s}. */
  public void restore(Snapshot s) {
    shard.absorb(s.shard);
    epoch = s.epoch == null ? null : s.epoch.copy();
  }

  /** Starts the sums of an epoch. */
  public void beginEpoch() {
    epoch = new EpochTotals(shard.update().topology().numLayers());
  }

  /** The running epoch's totals. */
  public EpochTotals epoch() {
    return epoch;
  }

  /**
   * The step's scalar sums and activity, in partition order; null partials are partitions with
   * no rows. Before {@link #finishStep}; may overlap {@link #reduceRange}.
   */
  public void sumScalars(PartialGradient[] parts) {
    scalars.clear();
    for (PartialGradient part : parts) {
      scalars.add(part);
      if (part != null) {
        epoch.mergeActivity(part.activity);
      }
    }
  }

  /**
   * Where range {@code part} of {@code parts} begins when several workers share the reduce; see
   * {@link Chunks#rangeStart}.
   */
  public int rangeStart(int part, int parts) {
    return Chunks.rangeStart(shard.to(), part, parts);
  }

  /**
   * Sums the partials for parameters {@code [from, to)}, applies the update there and refreshes
   * that range of the float32 copy (no clipping). Disjoint ranges from {@link #rangeStart} may
   * run concurrently.
   */
  public void reduceRange(PartialGradient[] parts, int from, int to, float[] params) {
    shard.reduce(partials(parts), 0, totalWeight(parts), from, to, params, 0, stats);
  }

  /** The first half of a clipped step over {@code [from, to)} (see ParameterShard#prepare). */
  public void prepareRange(PartialGradient[] parts, int from, int to) {
    shard.prepare(partials(parts), 0, totalWeight(parts), from, to, stats);
  }

  /**
   * The factor this step's gradient is scaled by, once every range was prepared (1 without
   * clipping or below the norm).
   */
  public double clipScale() {
    return shard.update().clipScale(stats.gradientNorm());
  }

  /** The second half of a clipped step over {@code [from, to)}. */
  public void stepRange(PartialGradient[] parts, int from, int to, float[] params,
      double scale) {
    shard.step(totalWeight(parts), from, to, params, 0, scale);
  }

  /** Whether steps are clipped (and so need all ranges prepared before any steps). */
  public boolean clipping() {
    return shard.update().clipNorm() > 0;
  }

  private static float[][] partials(PartialGradient[] parts) {
    float[][] partials = new float[parts.length][];
    for (int p = 0; p < parts.length; p++) {
      partials[p] = parts[p] == null ? null : parts[p].gradient;
    }
    return partials;
  }

  private static double totalWeight(PartialGradient[] parts) {
    double weight = 0;
    for (PartialGradient part : parts) {
      if (part != null) {
        weight += part.weightSum;
      }
    }
    return weight;
  }

  /** Ends the step once every range is reduced (after {@link #sumScalars}). */
  public void finishStep(double scale) {
    epoch.addStep(scalars, stats, scale < 1.0);
    shard.finish(scalars.weightSum());
  }

  /** The whole step on one thread. */
  public void step(PartialGradient[] parts, float[] params) {
    sumScalars(parts);
    if (clipping()) {
      prepareRange(parts, 0, shard.to());
      double scale = clipScale();
      stepRange(parts, 0, shard.to(), params, scale);
      finishStep(scale);
    } else {
      reduceRange(parts, 0, shard.to(), params);
      finishStep(1.0);
    }
  }
}
