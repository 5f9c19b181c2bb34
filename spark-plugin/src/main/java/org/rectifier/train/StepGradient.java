package org.rectifier.train;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.nn.BatchStats;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;

/**
 * The executor's half of one step: gather this partition's rows of the global minibatch from the
 * cached blocks into one contiguous batch, and run one forward/backward over it.
 *
 * <p>The minibatch is defined by global row indices ({@link EpochOrder}), so which rows are in
 * it does not depend on the partitioning; a partition with none of them returns nothing.
 */
final class StepGradient
    implements Function2<Integer, Iterator<DataBlock>, Iterator<PartialGradient>> {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final Broadcast<float[]> params;
  private final EpochOrder order;
  private final int step;
  private final long[] partitionOffsets;

  StepGradient(Topology topology, Broadcast<float[]> params, EpochOrder order, int step,
      long[] partitionOffsets) {
    this.topology = topology;
    this.params = params;
    this.order = order;
    this.step = step;
    this.partitionOffsets = partitionOffsets;
  }

  @Override
  public Iterator<PartialGradient> call(Integer partition, Iterator<DataBlock> blocks) {
    long lo = partitionOffsets[partition];
    long hi = partitionOffsets[partition + 1];
    long[] rows = order.rowsOfStep(step);
    int from = lowerBound(rows, lo);
    int to = lowerBound(rows, hi);
    int count = to - from;
    if (count == 0) {
      return Collections.emptyIterator();
    }
    int in = topology.numInputs();
    int labelWidth = topology.loss().labelWidth(topology.numOutputs());
    float[] x = new float[count * in];
    float[] y = new float[count * labelWidth];
    float[] w = null;
    int next = from;
    while (blocks.hasNext() && next < to) {
      DataBlock b = blocks.next();
      long blockStart = lo + b.firstRow;
      long blockEnd = blockStart + b.rows;
      if (w == null && b.weights != null) {
        w = new float[count];
      }
      while (next < to && rows[next] < blockEnd) {
        int r = (int) (rows[next] - blockStart);
        int i = next - from;
        System.arraycopy(b.features, r * in, x, i * in, in);
        System.arraycopy(b.labels, r * labelWidth, y, i * labelWidth, labelWidth);
        if (w != null) {
          w[i] = b.weights[r];
        }
        next++;
      }
    }
    if (next != to) {
      throw new IllegalStateException("Partition " + partition + " holds rows [" + lo + ", " + hi
          + ") but its cached blocks ended at row " + rows[next]);
    }
    Network network = new Network(topology, count);
    float[] grad = new float[topology.numParams()];
    BatchStats stats = network.gradient(params.value(), x, y, w, count, grad);
    return Collections.singletonList(new PartialGradient(partition, grad, stats.lossSum,
        stats.weightSum, stats.correctSum)).iterator();
  }

  private static int lowerBound(long[] sorted, long key) {
    int i = Arrays.binarySearch(sorted, key);
    return i >= 0 ? i : -i - 1;
  }
}
