package org.rectifier.train.loop;

import java.io.Serializable;
import java.util.Collections;
import org.rectifier.nn.LayerActivity;
import org.rectifier.nn.Topology;
import org.rectifier.train.collective.ShardedAllReduce;
import org.rectifier.train.data.PartitionSlice;
import org.rectifier.train.step.EpochTotals;
import org.rectifier.train.step.ParameterShard;
import org.rectifier.train.step.PartialGradient;
import org.rectifier.train.step.StepScalars;
import org.rectifier.train.step.StepStats;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction2;

/**
 * A barrier task on a cluster: it owns one shard of the state and runs the job's steps with its
 * peers over a {@link ShardedAllReduce}. Per step: its share of the minibatch gradient, the
 * reduce-scatter, the update of its shard, the all-gather of the new parameters. At the end it
 * evaluates its held-out rows and hands its shard back to the driver.
 */
final class ShardedStepsTask
    extends AbstractFunction2<Object, Iterator<SegmentInput>, Iterator<SegmentResult>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final StepsSpec spec;
  private final ShardedAllReduce.Address address;
  private final int parties;

  ShardedStepsTask(StepsSpec spec, ShardedAllReduce.Address address, int parties) {
    this.spec = spec;
    this.address = address;
    this.parties = parties;
  }

  @Override
  public Iterator<SegmentResult> apply(Object partitionIndex, Iterator<SegmentInput> input) {
    int partition = (Integer) partitionIndex;
    SegmentInput in = input.next();
    Topology topology = spec.topology;
    PartitionSlice slice = PartitionSlice.of(topology, in.blocks.iterator(), partition,
        spec.offsets);
    ParameterShard shard = in.shard;
    int numParams = topology.numParams();
    float[] params = new float[numParams];
    StepStats stats = new StepStats(numParams, topology.numLayers());
    try (ShardedAllReduce ar = ShardedAllReduce.join(address, partition, parties, numParams,
        topology.numLayers(), params, stats)) {
      if (ar.shardStart() != shard.from() || ar.shardEnd() != shard.to()) {
        throw new IllegalStateException("partition " + partition + " got shard ["
            + shard.from() + ", " + shard.to() + ") but owns [" + ar.shardStart() + ", "
            + ar.shardEnd() + ")");
      }
      double[] w = shard.weights();
      for (int i = shard.from(); i < shard.to(); i++) {
        params[i] = (float) w[i - shard.from()];
      }
      ar.allGather(0, params, stats);
      EpochTotals totals = in.totals;
      EpochTotals own = new EpochTotals(topology.numLayers());
      StepScalars scalars = new StepScalars();
      boolean owner = shard.to() > shard.from();
      double reg = shard.update().regParam();
      for (int step = spec.from; step < spec.to; step++) {
        int round = step - spec.from + 1;
        PartialGradient part = slice.gradient(params, spec.order.rowsOfStep(step));
        ar.reduceScatter(round, part);
        if (ar.knowsStepScalars()) {
          ar.stepScalars(round, scalars);
        }
        if (owner) {
          shard.reduce(ar.partials(round), shard.from(), scalars.weightSum(), shard.from(),
              shard.to(), params, 0, stats);
        }
        ar.allGather(round, params, stats);
        if (totals != null) {
          totals.addStep(scalars, stats, reg);
        }
        if (owner) {
          shard.finish(scalars.weightSum());
        }
        if (part != null) {
          own.mergeActivity(part.activity);
        }
      }
      double[] validation = spec.holdout == null ? null
          : slice.evaluate(params, spec.holdout.validationRows());
      LayerActivity activity = own.activity();
      return JavaConverters.asScalaIterator(Collections.singletonList(new SegmentResult(
          partition, shard, totals, activity, validation, ar.bytesOut(), ar.bytesIn(),
          ar.messagesOut(), ar.messagesIn())).iterator());
    }
  }
}
