package org.rectifier.train.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;
import org.rectifier.train.InvalidInputException;

/**
 * A training set validated and converted once: cached {@link DataBlock}s, plus what the loop
 * needs to address any row globally (each partition's first global row index). Close it to
 * release the cache.
 */
public final class TrainingData implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TrainingData.class);

  private final JavaRDD<DataBlock> blocks;
  private final long[] partitionOffsets;
  private final int numFeatures;
  private final double maxLabel;
  private final long cachedBytes;

  private TrainingData(JavaRDD<DataBlock> blocks, long[] partitionOffsets, int numFeatures,
      double maxLabel, long cachedBytes) {
    this.blocks = blocks;
    this.partitionOffsets = partitionOffsets;
    this.numFeatures = numFeatures;
    this.maxLabel = maxLabel;
    this.cachedBytes = cachedBytes;
  }

  /**
   * Validates every row of {@code dataset} and caches it as blocks (MEMORY_AND_DISK), in one pass.
   *
   * @param maxPartitions partitions beyond this are merged (order kept) before packing
   * @param barrier whether the blocks must be usable by a barrier stage
   * @throws InvalidInputException naming the column, row and value of the first bad row, or for
   *     an empty dataset; nothing stays cached then
   */
  public static TrainingData build(Dataset<?> dataset, InputSpec spec, int maxPartitions,
      boolean barrier) {
    DataType featuresType = dataset.schema().apply(spec.featuresCol).dataType();
    if (!(featuresType instanceof VectorUDT)) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' must hold ml.linalg.Vector values (VectorUDT), but is %s",
          spec.featuresCol, featuresType.simpleString()));
    }
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(spec.featuresCol));
    cols.add(functions.col(spec.labelCol).cast("double"));
    if (spec.weightCol != null) {
      cols.add(functions.col(spec.weightCol).cast("double"));
    }
    JavaRDD<Row> rows = dataset.select(cols.toArray(new Column[0])).javaRDD();
    if (rows.getNumPartitions() > maxPartitions) {
      LOG.info("Rectifier: the training data has {} partitions and the cluster {} task slots;"
          + " merging neighbouring partitions into {} (a barrier stage runs them all at once)."
          + " The same rows in other partitionings train alike up to float rounding.",
          rows.getNumPartitions(), maxPartitions, maxPartitions);
      rows = rows.rdd().coalesce(maxPartitions, false,
          scala.Option.apply(new ContiguousCoalescer()), null).toJavaRDD();
    }
    JavaRDD<DataBlock> packed = rows.mapPartitionsWithIndex(new RowPacker(spec), true);
    JavaRDD<DataBlock> blocks = (barrier ? BarrierSafety.ensure(packed) : packed)
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.setName("Rectifier training blocks");
    try {
      List<double[]> summaries = InvalidInputException.unwrapping(
          () -> blocks.mapPartitionsWithIndex(TrainingData::summarize, true).collect());
      return fromSummaries(blocks, summaries, spec);
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
  }

  /** One summary per partition: {rows, numFeatures or -1, maxLabel, bytes}. */
  private static Iterator<double[]> summarize(Integer partition, Iterator<DataBlock> it) {
    double rows = 0;
    double features = -1;
    double maxLabel = Double.NEGATIVE_INFINITY;
    double bytes = 0;
    while (it.hasNext()) {
      DataBlock b = it.next();
      rows += b.rows;
      features = b.numFeatures;
      maxLabel = Math.max(maxLabel, b.maxLabel());
      bytes += b.sizeInBytes();
    }
    return List.of(new double[] {rows, features, maxLabel, bytes}).iterator();
  }

  private static TrainingData fromSummaries(JavaRDD<DataBlock> blocks, List<double[]> summaries,
      InputSpec spec) {
    long[] offsets = new long[summaries.size() + 1];
    int numFeatures = -1;
    int firstPartition = -1;
    double maxLabel = Double.NEGATIVE_INFINITY;
    long bytes = 0;
    for (int p = 0; p < summaries.size(); p++) {
      double[] s = summaries.get(p);
      offsets[p + 1] = offsets[p] + (long) s[0];
      if (s[0] > 0) {
        int f = (int) s[1];
        if (numFeatures < 0) {
          numFeatures = f;
          firstPartition = p;
        } else if (f != numFeatures) {
          throw new InvalidInputException(String.format(Locale.ROOT,
              "Column '%s': vectors of different sizes: %d in partition %d, %d in partition %d;"
                  + " expected every features vector to have the same size",
              spec.featuresCol, numFeatures, firstPartition, f, p));
        }
        maxLabel = Math.max(maxLabel, s[2]);
      }
      bytes += (long) s[3];
    }
    if (offsets[summaries.size()] == 0) {
      throw new InvalidInputException(
          "The training dataset is empty; expected at least one row");
    }
    return new TrainingData(blocks, offsets, numFeatures, maxLabel, bytes);
  }

  /** The cached blocks. */
  public JavaRDD<DataBlock> blocks() {
    return blocks;
  }

  /** Global index of each partition's first row; the last entry is the row count. */
  public long[] partitionOffsets() {
    return partitionOffsets.clone();
  }

  /** Rows in the training set. */
  public long numRows() {
    return partitionOffsets[partitionOffsets.length - 1];
  }

  /** Features per row. */
  public int numFeatures() {
    return numFeatures;
  }

  /** Largest label value. */
  public double maxLabel() {
    return maxLabel;
  }

  /** Bytes of the cached arrays. */
  public long cachedBytes() {
    return cachedBytes;
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
