package org.rectifier.train.loop;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Topology;
import org.rectifier.train.data.DataBlock;
import org.rectifier.train.data.PartitionSlice;
import org.rectifier.train.step.PartialGradient;

/**
 * The executor's half of one step in the one-job-per-step mode: this partition's share of the
 * global minibatch, as one {@link PartialGradient} (none when the partition holds none of the
 * step's rows).
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
    PartialGradient part = PartitionSlice.of(topology, blocks, partition, partitionOffsets)
        .gradient(params.value(), order.rowsOfStep(step));
    return part == null
        ? Collections.emptyIterator()
        : Collections.singletonList(part).iterator();
  }
}
