package org.rectifier.train.step;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.rectifier.nn.Topology;
import org.rectifier.nn.optim.MinibatchUpdate;
import org.rectifier.nn.optim.Optimizer;
import org.rectifier.nn.optim.Regularization;

/**
 * The float64 master weights and optimizer state of parameters {@code [from, to)}, and the
 * arithmetic of one step over them: all parameters on the driver, one contiguous range of whole
 * chunks on the task that owns it in a sharded all-reduce. Arrays are indexed from {@code from}.
 *
 * <p>Per chunk a step sums the partitions' partial gradients in partition order (so the result
 * does not depend on who sums or in how many pieces), takes the L2 squares of the weights before
 * they move, applies the update, takes the squared mean gradient per layer and writes the new
 * float32 parameters. Every execution mode runs exactly this code, hence the same bits.
 */
public final class ParameterShard implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int from;
  private final int to;
  private final double[] weights;
  private final MinibatchUpdate update;
  private transient double[] gradSum;

  private ParameterShard(int from, int to, double[] weights, MinibatchUpdate update) {
    if (from % Chunks.SIZE != 0) {
      throw new IllegalArgumentException("shard start " + from + " is not a chunk boundary");
    }
    this.from = from;
    this.to = to;
    this.weights = weights;
    this.update = update;
  }

  /** All parameters: {@code weights} (kept, not copied) and {@code update}'s optimizer. */
  public static ParameterShard whole(double[] weights, MinibatchUpdate update) {
    return new ParameterShard(0, weights.length, weights, update);
  }

  /** A copy of parameters {@code [lo, hi)} of this shard, with their optimizer state. */
  public ParameterShard slice(int lo, int hi) {
    Optimizer full = update.optimizer();
    Optimizer part = full.withSize(hi - lo);
    part.setIterations(full.iterations());
    double[][] src = full.state();
    double[][] dst = part.state();
    for (int k = 0; k < src.length; k++) {
      System.arraycopy(src[k], lo - from, dst[k], 0, hi - lo);
    }
    return new ParameterShard(lo, hi, Arrays.copyOfRange(weights, lo - from, hi - from),
        update.withOptimizer(part));
  }

  /** Copies {@code part} (a slice of this shard, possibly updated since) back in. */
  public void absorb(ParameterShard part) {
    System.arraycopy(part.weights, 0, weights, part.from - from, part.to - part.from);
    double[][] src = part.update.optimizer().state();
    double[][] dst = update.optimizer().state();
    for (int k = 0; k < src.length; k++) {
      System.arraycopy(src[k], 0, dst[k], part.from - from, part.to - part.from);
    }
    update.optimizer().setIterations(part.update.optimizer().iterations());
  }

  /** Bytes {@link #writeState} takes for parameters {@code [lo, hi)}. */
  public int stateBytes(int lo, int hi) {
    return 8 + 4 + 4 + 8 * (hi - lo) * (1 + update.optimizer().state().length);
  }

  /**
   * Writes parameters {@code [lo, hi)} of this shard, their optimizer state and the optimizer's
   * step count to {@code out} (raw doubles in {@code out}'s byte order): what a task that owns
   * them starts from, or hands back.
   */
  public void writeState(int lo, int hi, ByteBuffer out) {
    double[][] state = update.optimizer().state();
    out.putLong(update.optimizer().iterations()).putInt(state.length).putInt(hi - lo);
    putDoubles(out, weights, lo - from, hi - lo);
    for (double[] a : state) {
      putDoubles(out, a, lo - from, hi - lo);
    }
  }

  /** A shard of parameters {@code [lo, hi)} with this (empty) shard's update, read from {@code in}. */
  public ParameterShard readShard(int lo, int hi, ByteBuffer in) {
    ParameterShard s = new ParameterShard(lo, hi, new double[hi - lo],
        update.withOptimizer(update.optimizer().withSize(hi - lo)));
    s.readState(lo, in);
    return s;
  }

  /**
   * Reads what {@link #writeState} wrote for parameters starting at {@code lo} into this shard.
   *
   * @throws IllegalArgumentException when the data does not fit this shard's layout
   */
  public void readState(int lo, ByteBuffer in) {
    long t = in.getLong();
    int arrays = in.getInt();
    int n = in.getInt();
    double[][] state = update.optimizer().state();
    if (arrays != state.length || lo < from || n < 0 || lo + n > to
        || in.remaining() < 8L * n * (1 + arrays)) {
      throw new IllegalArgumentException("state of " + n + " parameters x " + (1 + arrays)
          + " arrays at " + lo + " does not fit shard [" + from + ", " + to + ") with "
          + state.length + " optimizer arrays");
    }
    getDoubles(in, weights, lo - from, n);
    for (double[] a : state) {
      getDoubles(in, a, lo - from, n);
    }
    update.optimizer().setIterations(t);
  }

  private static void putDoubles(ByteBuffer out, double[] a, int off, int n) {
    out.asDoubleBuffer().put(a, off, n);
    out.position(out.position() + 8 * n);
  }

  private static void getDoubles(ByteBuffer in, double[] a, int off, int n) {
    in.asDoubleBuffer().get(a, off, n);
    in.position(in.position() + 8 * n);
  }

  /** First parameter of the shard. */
  public int from() {
    return from;
  }

  /** One past the last parameter. */
  public int to() {
    return to;
  }

  /** The master weights, indexed from {@link #from} (live). */
  public double[] weights() {
    return weights;
  }

  /** The update and its optimizer. */
  public MinibatchUpdate update() {
    return update;
  }

  /**
   * Reduces and updates parameters {@code [lo, hi)} (within the shard, {@code lo} on a chunk
   * boundary) in one pass per chunk: {@link #prepare} then {@link #step} with no clipping.
   * Disjoint ranges may run concurrently.
   *
   * @param partials each partition's partial gradient sum, in partition order; null for a
   *     partition without rows in the step; index {@code i} is parameter {@code partialBase + i}
   * @param weightSum the step's total row weight (the mean divides by it)
   * @param params receives the new float32 parameters; index {@code i} is parameter
   *     {@code paramsBase + i}
   * @param stats receives the chunks' penalty and gradient squares
   */
  public void reduce(float[][] partials, int partialBase, double weightSum, int lo, int hi,
      float[] params, int paramsBase, StepStats stats) {
    checkRange(lo, hi);
    long t = update.optimizer().iterations() + 1;
    for (int c0 = lo; c0 < hi; c0 += Chunks.SIZE) {
      int c1 = Math.min(hi, c0 + Chunks.SIZE);
      prepareChunk(partials, partialBase, weightSum, c0, c1, stats);
      stepChunk(weightSum, c0, c1, params, paramsBase, t, 1.0);
    }
  }

  /**
   * The first half of a clipped step over {@code [lo, hi)}: the partials' sum, the penalty of
   * the weights before the step, the mean gradient with the penalty's, and its squares. The
   * global norm needs every range's squares before any range may {@link #step}.
   */
  public void prepare(float[][] partials, int partialBase, double weightSum, int lo, int hi,
      StepStats stats) {
    checkRange(lo, hi);
    for (int c0 = lo; c0 < hi; c0 += Chunks.SIZE) {
      prepareChunk(partials, partialBase, weightSum, c0, Math.min(hi, c0 + Chunks.SIZE), stats);
    }
  }

  /**
   * The second half: the prepared gradient of {@code [lo, hi)} times {@code scale}, the decay
   * and the optimizer's step, then the float32 copy.
   */
  public void step(double weightSum, int lo, int hi, float[] params, int paramsBase,
      double scale) {
    checkRange(lo, hi);
    long t = update.optimizer().iterations() + 1;
    for (int c0 = lo; c0 < hi; c0 += Chunks.SIZE) {
      stepChunk(weightSum, c0, Math.min(hi, c0 + Chunks.SIZE), params, paramsBase, t, scale);
    }
  }

  private void checkRange(int lo, int hi) {
    if (lo % Chunks.SIZE != 0 || lo < from || hi > to) {
      throw new IllegalArgumentException("range [" + lo + ", " + hi + ") is not chunk-aligned"
          + " within shard [" + from + ", " + to + ")");
    }
  }

  private void prepareChunk(float[][] partials, int partialBase, double weightSum, int c0,
      int c1, StepStats stats) {
    double[] sums = scratch();
    Topology topology = update.topology();
    Regularization reg = update.regularization();
    int chunk = c0 / Chunks.SIZE;
    sumPartials(sums, partials, partialBase, c0, c1);
    stats.setPenalty(chunk, reg.penalized()
        ? topology.penalty(weights, reg.l2, reg.l1, c0, c1, from) : 0.0);
    update.prepareRange(weights, sums, weightSum, c0, c1, from);
    gradientSquares(sums, topology, chunk, c0, c1, stats);
  }

  private void stepChunk(double weightSum, int c0, int c1, float[] params, int paramsBase,
      long t, double scale) {
    update.stepRange(weights, scratch(), weightSum, c0, c1, from, t, scale);
    for (int i = c0; i < c1; i++) {
      params[i - paramsBase] = (float) weights[i - from];
    }
  }

  /**
   * The mean-gradient buffer, made once: several workers reduce disjoint ranges of one shard at
   * the same time, and each must write the same array it reads back.
   */
  private synchronized double[] scratch() {
    if (gradSum == null) {
      gradSum = new double[to - from];
    }
    return gradSum;
  }

  /** Counts the step once all its ranges are reduced (a step of weight 0 does not count). */
  public void finish(double weightSum) {
    update.finish(weightSum);
  }

  /**
   * gradSum over [lo, hi) = the partials' sum in partition order. The first partial is assigned
   * rather than added to zeros (the same value, one pass less).
   */
  private void sumPartials(double[] gradSum, float[][] partials, int base, int lo, int hi) {
    boolean first = true;
    int g0 = lo - from;
    int p0 = lo - base;
    int n = hi - lo;
    for (float[] g : partials) {
      if (g == null) {
        continue;
      }
      if (first) {
        for (int i = 0; i < n; i++) {
          gradSum[g0 + i] = g[p0 + i];
        }
        first = false;
      } else {
        for (int i = 0; i < n; i++) {
          gradSum[g0 + i] += g[p0 + i];
        }
      }
    }
    if (first) {
      Arrays.fill(gradSum, g0, g0 + n, 0.0);
    }
  }

  /**
   * The squared mean gradient within chunk [lo, hi): of all its parameters (for clipping), and
   * per layer of its weights (for the history).
   */
  private void gradientSquares(double[] gradSum, Topology t, int chunk, int lo, int hi,
      StepStats stats) {
    stats.setTotalSquares(chunk, squares(gradSum, lo - from, hi - from));
    for (int l = 0; l < t.numLayers(); l++) {
      int start = Math.max(lo, t.weightOffset(l)) - from;
      int end = Math.min(hi, t.biasOffset(l)) - from;
      stats.setGradSquares(chunk, l, squares(gradSum, start, end));
    }
  }

  private static double squares(double[] g, int start, int end) {
    // Four independent sums: one chain of dependent adds ran at a quarter of the FPU's rate.
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = start;
    for (; i + 3 < end; i += 4) {
      s0 += g[i] * g[i];
      s1 += g[i + 1] * g[i + 1];
      s2 += g[i + 2] * g[i + 2];
      s3 += g[i + 3] * g[i + 3];
    }
    for (; i < end; i++) {
      s0 += g[i] * g[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

}
