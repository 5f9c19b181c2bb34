package org.rectifier.train.data;

import org.apache.spark.Partition;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.rectifier.compat.ScalaSerializable;
import scala.Option;

/**
 * Merges partitions into contiguous runs (0-2, 3-5, ...), unlike Spark's default coalescer,
 * which groups by locality. Minibatches are defined by a row's position in partition order, so
 * keeping that order keeps training the same whatever the number of partitions.
 */
// ScalaSerializable: on Scala 2.12 Spark checks for scala.Serializable, not java.io's.
final class ContiguousCoalescer implements PartitionCoalescer, ScalaSerializable {

  private static final long serialVersionUID = 1L;

  @Override
  public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
    Partition[] parts = parent.partitions();
    int groups = Math.min(maxPartitions, parts.length);
    PartitionGroup[] out = new PartitionGroup[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = new PartitionGroup(Option.empty());
      int from = (int) ((long) parts.length * g / groups);
      int to = (int) ((long) parts.length * (g + 1) / groups);
      for (int i = from; i < to; i++) {
        out[g].partitions().$plus$eq(parts[i]);
      }
    }
    return out;
  }
}
