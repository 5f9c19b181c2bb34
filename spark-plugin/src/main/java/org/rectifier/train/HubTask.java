package org.rectifier.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction2;

/**
 * The task side of a barrier epoch: connect to the driver's {@link Hub} (or, inside the driver's
 * JVM, its {@link LocalRendezvous}), then for every step of its job's share of the epoch hand
 * over this partition's share of the minibatch gradient and take the new parameters. Barrier mode is what guarantees
 * every partition's task runs at once.
 */
final class HubTask extends AbstractFunction2<Object, Iterator<DataBlock>, Iterator<Object>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final Broadcast<float[]> params;
  private final EpochOrder order;
  private final int fromStep;
  private final int toStep;
  private final Holdout holdout;
  private final long[] offsets;
  private final String hubHost;
  private final int hubPort;
  private final long token;

  HubTask(Topology topology, Broadcast<float[]> params, EpochOrder order, int fromStep,
      int toStep, Holdout holdout, long[] offsets, String hubHost, int hubPort, long token) {
    this.topology = topology;
    this.params = params;
    this.order = order;
    this.fromStep = fromStep;
    this.toStep = toStep;
    this.holdout = holdout;
    this.offsets = offsets;
    this.hubHost = hubHost;
    this.hubPort = hubPort;
    this.token = token;
  }

  @Override
  public Iterator<Object> apply(Object partitionIndex, Iterator<DataBlock> input) {
    int partition = (Integer) partitionIndex;
    List<DataBlock> blocks = new ArrayList<>();
    JavaConverters.asJavaIterator(input).forEachRemaining(blocks::add);
    // After a shuffle (BarrierSafety) blocks may arrive in any order.
    blocks.sort(java.util.Comparator.comparingLong(b -> b.firstRow));
    PartitionSlice slice = new PartitionSlice(topology, blocks, partition, offsets[partition],
        offsets[partition + 1]);
    LocalRendezvous local = LocalRendezvous.find(token);
    if (local != null) {
      runInDriverJvm(local, slice, partition);
      return JavaConverters.asScalaIterator(Collections.emptyIterator());
    }
    float[] current = params.value().clone();
    try (Wire wire = new Wire(new Socket(hubHost, hubPort))) {
      wire.out().writeLong(token);
      wire.out().writeInt(partition);
      wire.out().flush();
      for (int step = fromStep; step < toStep; step++) {
        wire.sendPartial(slice.gradient(current, order.rowsOfStep(step)));
        if (!wire.receiveParams(current)) {
          break;
        }
      }
      if (holdout != null) {
        wire.sendSums(slice.evaluate(current, holdout.validationRows()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Rectifier: lost the link to the driver at " + hubHost + ":"
          + hubPort + " (partition " + partition + ")", e);
    }
    return JavaConverters.asScalaIterator(Collections.emptyIterator());
  }

  private void runInDriverJvm(LocalRendezvous local, PartitionSlice slice, int partition) {
    float[] shared = local.params();
    try {
      for (int step = fromStep; step < toStep; step++) {
        local.step(partition, slice.gradient(shared, order.rowsOfStep(step)));
      }
      if (holdout != null) {
        // After the last step's second barrier no task writes the parameters any more.
        local.putValidation(partition, slice.evaluate(shared, holdout.validationRows()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Rectifier: training task interrupted", e);
    }
  }
}
