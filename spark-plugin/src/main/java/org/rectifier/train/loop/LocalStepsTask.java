package org.rectifier.train.loop;

import java.io.Serializable;
import java.util.Collections;
import org.rectifier.train.collective.LocalRendezvous;
import org.rectifier.train.data.DataBlock;
import org.rectifier.train.data.PartitionSlice;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction2;

/**
 * A barrier task in Spark's local mode: it runs inside the driver's JVM, so it meets the other
 * tasks at the driver's {@link LocalRendezvous} and shares the driver's arrays; no bytes move.
 */
final class LocalStepsTask extends AbstractFunction2<Object, Iterator<DataBlock>, Iterator<Object>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final StepsSpec spec;
  private final long token;

  LocalStepsTask(StepsSpec spec, long token) {
    this.spec = spec;
    this.token = token;
  }

  @Override
  public Iterator<Object> apply(Object partitionIndex, Iterator<DataBlock> input) {
    int partition = (Integer) partitionIndex;
    PartitionSlice slice = PartitionSlice.of(spec.topology, spec.options,
        JavaConverters.asJavaIterator(input), partition, spec.offsets);
    LocalRendezvous local = LocalRendezvous.enter(token);
    if (local == null) {
      throw new IllegalStateException("Rectifier: a local-mode training task ran outside the"
          + " driver's JVM, or after its job ended");
    }
    float[] shared = local.params();
    try {
      for (int step = spec.from; step < spec.to; step++) {
        local.step(partition, slice.gradient(shared, spec.order.rowsOfStep(step),
            spec.order.epoch()));
      }
      if (spec.holdout != null) {
        // After the last step's second barrier no task writes the parameters any more.
        local.putValidation(partition, slice.evaluate(shared, spec.holdout.validationRows()));
      }
    } finally {
      local.leave();
    }
    return JavaConverters.asScalaIterator(Collections.emptyIterator());
  }
}
