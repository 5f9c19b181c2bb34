package org.rectifier.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.rectifier.nn.BatchStats;
import org.rectifier.nn.DropoutMasks;
import org.rectifier.nn.LayerActivity;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;
import org.rectifier.train.step.PartialGradient;

/**
 * One partition's cached blocks seen as global rows {@code [lo, hi)}, and the work of one step
 * on them: gather this partition's rows of the global minibatch into one contiguous batch and
 * run forward/backward over it. Buffers are reused from step to step; not thread-safe.
 */
public final class PartitionSlice {

  private static final int EVAL_CHUNK = 1024;

  private final Topology topology;
  private final List<DataBlock> blocks;
  private final int partition;
  private final long lo;
  private final long hi;
  private final int in;
  private final int labelWidth;
  private final float[] classWeights;
  private final DropoutMasks dropout;
  private Network network;
  private float[] x = new float[0];
  private float[] y = new float[0];
  private float[] w;
  private final float[] grad;

  /**
   * The slice of partition {@code partition} over its cached {@code blocks}, given every
   * partition's first global row ({@link TrainingData#partitionOffsets}). Blocks may arrive in
   * any order (after a shuffle, see {@code BarrierSafety}); they are ordered by first row.
   */
  public static PartitionSlice of(Topology topology, SliceOptions options,
      Iterator<DataBlock> blocks, int partition, long[] offsets) {
    List<DataBlock> list = new ArrayList<>();
    blocks.forEachRemaining(list::add);
    list.sort(Comparator.comparingLong(b -> b.firstRow));
    return new PartitionSlice(topology, options, list, partition, offsets[partition],
        offsets[partition + 1]);
  }

  private PartitionSlice(Topology topology, SliceOptions options, List<DataBlock> blocks,
      int partition, long lo, long hi) {
    this.topology = topology;
    this.classWeights = options.classWeights();
    this.dropout = options.dropout();
    this.blocks = blocks;
    this.partition = partition;
    this.lo = lo;
    this.hi = hi;
    this.in = topology.numInputs();
    this.labelWidth = topology.loss().labelWidth(topology.numOutputs());
    this.grad = new float[topology.numParams()];
  }

  /**
   * The gradient sum and statistics of this partition's rows among {@code stepRows} (sorted
   * global indices), or null when it holds none of them. The returned gradient array is reused
   * by the next call. Dropout, if any, draws the masks of epoch {@code epoch} (from 0).
   */
  public PartialGradient gradient(float[] params, long[] stepRows, int epoch) {
    long start = System.nanoTime();
    int from = lowerBound(stepRows, lo);
    int to = lowerBound(stepRows, hi);
    int count = to - from;
    if (count == 0) {
      return null;
    }
    gather(stepRows, from, to);
    BatchStats stats = network.gradient(params, x, y, w, count, grad, dropout, epoch, stepRows,
        from);
    LayerActivity activity = LayerActivity.of(topology);
    network.recordActivity(activity, count);
    return new PartialGradient(partition, grad, stats.lossSum, stats.weightSum,
        stats.correctSum, System.nanoTime() - start, activity);
  }

  /**
   * Loss, weight and right-answer sums of this partition's rows among {@code rows} (sorted
   * global indices), without gradients, a chunk of rows at a time.
   */
  public double[] evaluate(float[] params, long[] rows) {
    int from = lowerBound(rows, lo);
    int to = lowerBound(rows, hi);
    double[] sums = new double[3];
    for (int c = from; c < to; c += EVAL_CHUNK) {
      int end = Math.min(to, c + EVAL_CHUNK);
      gather(rows, c, end);
      BatchStats stats = network.evaluate(params, x, y, w, end - c);
      sums[0] += stats.lossSum;
      sums[1] += stats.weightSum;
      sums[2] += stats.correctSum;
    }
    return sums;
  }

  /** Copies rows {@code [from, to)} of the sorted global indices (all in this partition). */
  private void gather(long[] rows, int from, int to) {
    ensureCapacity(to - from);
    int next = from;
    for (DataBlock b : blocks) {
      if (next == to) {
        break;
      }
      long blockStart = lo + b.firstRow;
      long blockEnd = blockStart + b.rows;
      while (next < to && rows[next] < blockEnd) {
        int r = (int) (rows[next] - blockStart);
        int i = next - from;
        System.arraycopy(b.features, r * in, x, i * in, in);
        System.arraycopy(b.labels, r * labelWidth, y, i * labelWidth, labelWidth);
        if (w != null) {
          float rowWeight = b.weights == null ? 1f : b.weights[r];
          w[i] = classWeights == null ? rowWeight : rowWeight * classWeights[(int) b.labels[r]];
        }
        next++;
      }
    }
    if (next != to) {
      throw new IllegalStateException("Partition " + partition + " holds rows [" + lo + ", "
          + hi + ") but its cached blocks ended before row " + rows[next]);
    }
  }

  private void ensureCapacity(int count) {
    if (network == null) {
      network = new Network(topology, count);
    }
    if (x.length < count * in) {
      x = new float[count * in];
      y = new float[count * labelWidth];
      boolean weighted = classWeights != null
          || (!blocks.isEmpty() && blocks.get(0).weights != null);
      w = weighted ? new float[count] : null;
    }
  }

  private static int lowerBound(long[] sorted, long key) {
    int i = Arrays.binarySearch(sorted, key);
    return i >= 0 ? i : -i - 1;
  }
}
