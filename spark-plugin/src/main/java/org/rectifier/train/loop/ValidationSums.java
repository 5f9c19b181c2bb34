package org.rectifier.train.loop;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import org.rectifier.train.data.DataBlock;
import org.rectifier.train.data.PartitionSlice;
import org.rectifier.train.data.SliceOptions;

/** One partition's validation sums {loss, weight, correct} with given parameters. */
final class ValidationSums
    implements Function2<Integer, Iterator<DataBlock>, Iterator<double[]>> {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final SliceOptions options;
  private final Broadcast<float[]> params;
  private final Holdout holdout;
  private final long[] offsets;

  ValidationSums(Topology topology, SliceOptions options, Broadcast<float[]> params,
      Holdout holdout, long[] offsets) {
    this.topology = topology;
    this.options = options;
    this.params = params;
    this.holdout = holdout;
    this.offsets = offsets;
  }

  @Override
  public Iterator<double[]> call(Integer partition, Iterator<DataBlock> blocks) {
    return Collections.singletonList(PartitionSlice.of(topology, options, blocks, partition, offsets)
        .evaluate(params.value(), holdout.validationRows())).iterator();
  }

  /** Sums per-partition sums in the given (partition) order. */
  static double[] add(List<double[]> parts) {
    double[] total = new double[3];
    for (double[] p : parts) {
      for (int i = 0; i < 3; i++) {
        total[i] += p[i];
      }
    }
    return total;
  }
}
