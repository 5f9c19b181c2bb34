package org.rectifier.train.loop;

import java.io.Serializable;
import java.util.Collections;
import org.rectifier.nn.Topology;
import org.rectifier.train.collective.ShardedAllReduce;
import org.rectifier.train.data.DataBlock;
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
    extends AbstractFunction2<Object, Iterator<DataBlock>, Iterator<SegmentResult>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final StepsSpec spec;
  private final ShardedAllReduce.Address address;
  private final int parties;
  /** An empty shard carrying the update (topology, optimizer settings, L2). */
  private final ParameterShard template;
  /** The epoch's sums so far, for partition 0 to carry on. */
  private final EpochTotals totalsSoFar;

  ShardedStepsTask(StepsSpec spec, ShardedAllReduce.Address address, int parties,
      ParameterShard template, EpochTotals totalsSoFar) {
    this.spec = spec;
    this.address = address;
    this.parties = parties;
    this.template = template;
    this.totalsSoFar = totalsSoFar;
  }

  @Override
  public Iterator<SegmentResult> apply(Object partitionIndex, Iterator<DataBlock> blocks) {
    int partition = (Integer) partitionIndex;
    Topology topology = spec.topology;
    PartitionSlice slice = PartitionSlice.of(topology, spec.options,
        JavaConverters.asJavaIterator(blocks), partition, spec.offsets);
    int numParams = topology.numParams();
    float[] params = new float[numParams];
    StepStats stats = new StepStats(numParams, topology.numLayers());
    try (ShardedAllReduce ar = ShardedAllReduce.join(address, partition, parties, numParams,
        params, stats)) {
      ParameterShard shard = template.readShard(ar.shardStart(), ar.shardEnd(),
          ar.initialState());
      double[] w = shard.weights();
      for (int i = shard.from(); i < shard.to(); i++) {
        params[i] = (float) w[i - shard.from()];
      }
      ar.allGather(0, params, stats);
      EpochTotals totals = partition == 0 ? totalsSoFar.stepSumsCopy() : null;
      EpochTotals own = new EpochTotals(topology.numLayers());
      StepScalars scalars = new StepScalars();
      boolean owner = shard.to() > shard.from();
      boolean clipping = shard.update().clipNorm() > 0;
      long[] phases = new long[3];
      for (int step = spec.from; step < spec.to; step++) {
        int round = step - spec.from + 1;
        PartialGradient part = slice.gradient(params, spec.order.rowsOfStep(step),
            spec.order.epoch());
        long t0 = System.nanoTime();
        ar.reduceScatter(round, part);
        long t1 = System.nanoTime();
        if (ar.knowsStepScalars()) {
          ar.stepScalars(round, scalars);
        }
        if (clipping) {
          // The global norm needs every owner's squares before any owner moves.
          if (owner) {
            shard.prepare(ar.partials(round), shard.from(), scalars.weightSum(), shard.from(),
                shard.to(), stats);
          }
          ar.exchangeNorms(round, stats);
          if (owner) {
            shard.step(scalars.weightSum(), shard.from(), shard.to(), params, 0,
                shard.update().clipScale(stats.gradientNorm()));
          }
        } else if (owner) {
          shard.reduce(ar.partials(round), shard.from(), scalars.weightSum(), shard.from(),
              shard.to(), params, 0, stats);
        }
        long t2 = System.nanoTime();
        ar.allGather(round, params, stats);
        phases[0] += t1 - t0;
        phases[1] += t2 - t1;
        phases[2] += System.nanoTime() - t2;
        if (totals != null) {
          // By now partition 0 holds every chunk's squares, its own and the owners' sent ones.
          totals.addStep(scalars, stats, shard.update().clipScale(stats.gradientNorm()) < 1.0);
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
      ar.returnState(shard.stateBytes(shard.from(), shard.to()),
          b -> shard.writeState(shard.from(), shard.to(), b));
      return JavaConverters.asScalaIterator(Collections.singletonList(new SegmentResult(
          partition, totals, own.activity(), validation, ar.bytesOut(), ar.bytesIn(),
          ar.messagesOut(), ar.messagesIn(), phases)).iterator());
    }
  }
}
