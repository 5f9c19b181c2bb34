package org.rectifier.train.loop;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.nn.Topology;
import org.rectifier.train.data.DataBlock;
import org.rectifier.train.data.PartitionSlice;
import org.rectifier.train.data.SliceOptions;
import org.rectifier.train.step.PartialGradient;

/**
 * The executor's half of one step in the one-job-per-step mode: this partition's share of the
 * global minibatch, as one {@link PartialGradient} (none when the partition holds none of the
 * step's rows). The driver lists the step's rows, so a task needs no holdout to find them.
 */
final class StepGradient
    implements Function2<Integer, Iterator<DataBlock>, Iterator<PartialGradient>> {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final SliceOptions options;
  private final Broadcast<float[]> params;
  private final long[] rows;
  private final int epoch;
  private final long[] partitionOffsets;

  StepGradient(Topology topology, SliceOptions options, Broadcast<float[]> params, long[] rows,
      int epoch, long[] partitionOffsets) {
    this.topology = topology;
    this.options = options;
    this.params = params;
    this.rows = rows;
    this.epoch = epoch;
    this.partitionOffsets = partitionOffsets;
  }

  @Override
  public Iterator<PartialGradient> call(Integer partition, Iterator<DataBlock> blocks) {
    PartialGradient part = PartitionSlice.of(topology, options, blocks, partition,
        partitionOffsets).gradient(params.value(), rows, epoch);
    return part == null
        ? Collections.emptyIterator()
        : Collections.singletonList(part).iterator();
  }
}
