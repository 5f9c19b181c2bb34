package org.rectifier.train.data;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.HashPartitioner;
import org.apache.spark.NarrowDependency;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Spark runs a barrier stage only if every RDD inside the stage has as many partitions as the
 * stage has tasks, so a user's {@code coalesce}, {@code union} or {@code limit} upstream makes
 * the training blocks unusable for barrier mode. Such blocks are moved once through a shuffle
 * keyed by their partition index, which starts a fresh stage and keeps every block in its
 * partition (the training loop orders blocks by their first row, not by arrival).
 */
final class BarrierSafety {

  private BarrierSafety() {}

  /** Whether a barrier stage over {@code rdd} would be accepted. */
  static boolean isSafe(RDD<?> rdd) {
    int n = rdd.getNumPartitions();
    Deque<RDD<?>> todo = new ArrayDeque<>();
    todo.push(rdd);
    while (!todo.isEmpty()) {
      RDD<?> r = todo.pop();
      if (r.getNumPartitions() != n) {
        return false;
      }
      for (Object dep : JavaConverters.seqAsJavaList(r.dependencies())) {
        if (dep instanceof NarrowDependency) {
          todo.push(((NarrowDependency<?>) dep).rdd());
        }
      }
    }
    return true;
  }

  /** {@code blocks} itself if barrier-safe, else the same blocks after a shuffle by partition. */
  static JavaRDD<DataBlock> ensure(JavaRDD<DataBlock> blocks) {
    if (isSafe(blocks.rdd())) {
      return blocks;
    }
    int n = blocks.getNumPartitions();
    return blocks
        .mapPartitionsWithIndex((p, it) -> {
          java.util.List<Tuple2<Integer, DataBlock>> out = new java.util.ArrayList<>();
          it.forEachRemaining(b -> out.add(new Tuple2<>(p, b)));
          return out.iterator();
        }, true)
        .mapToPair(t -> t)
        .partitionBy(new HashPartitioner(n))
        .values();
  }
}
