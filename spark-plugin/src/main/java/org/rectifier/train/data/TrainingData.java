package org.rectifier.train.data;

import java.util.ArrayList;
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
  private final long[] validationRows;
  private final ClassCounts classes;

  private TrainingData(JavaRDD<DataBlock> blocks, long[] partitionOffsets, int numFeatures,
      double maxLabel, long cachedBytes, long[] validationRows, ClassCounts classes) {
    this.validationRows = validationRows;
    this.classes = classes;
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
    if (spec.validationIndicatorCol != null) {
      DataType indicatorType = dataset.schema().apply(spec.validationIndicatorCol).dataType();
      if (!(indicatorType instanceof org.apache.spark.sql.types.BooleanType)) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "Column '%s' (validationIndicatorCol) must be boolean, true marking a validation"
                + " row, but is %s", spec.validationIndicatorCol,
            indicatorType.simpleString()));
      }
      cols.add(functions.col(spec.validationIndicatorCol));
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
      boolean countLabels = spec.classification && spec.numClasses < 0;
      boolean countClasses = spec.countClasses;
      List<PartitionSummary> summaries = InvalidInputException.unwrapping(
          () -> blocks.mapPartitions(it -> List.of(
              PartitionSummary.of(it, countLabels, countClasses)).iterator(), true).collect());
      return fromSummaries(blocks, summaries, spec);
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
  }

  private static TrainingData fromSummaries(JavaRDD<DataBlock> blocks,
      List<PartitionSummary> summaries, InputSpec spec) {
    long[] offsets = new long[summaries.size() + 1];
    int numFeatures = -1;
    int firstPartition = -1;
    double maxLabel = Double.NEGATIVE_INFINITY;
    long bytes = 0;
    double weightSum = 0;
    List<LabelSet> labels = new ArrayList<>();
    ClassCounts classes = spec.countClasses ? new ClassCounts() : null;
    int numHeldOut = 0;
    for (PartitionSummary s : summaries) {
      numHeldOut += s.heldOut.length;
    }
    long[] heldOut = new long[numHeldOut];
    numHeldOut = 0;
    for (int p = 0; p < summaries.size(); p++) {
      PartitionSummary s = summaries.get(p);
      offsets[p + 1] = offsets[p] + s.rows;
      for (long r : s.heldOut) {
        heldOut[numHeldOut++] = offsets[p] + r;
      }
      if (classes != null) {
        classes.merge(s.classes);
      }
      if (s.rows > 0) {
        if (numFeatures < 0) {
          numFeatures = s.numFeatures;
          firstPartition = p;
        } else if (s.numFeatures != numFeatures) {
          throw new InvalidInputException(String.format(Locale.ROOT,
              "Column '%s': vectors of different sizes: %d in partition %d, %d in partition %d;"
                  + " expected every features vector to have the same size",
              spec.featuresCol, numFeatures, firstPartition, s.numFeatures, p));
        }
        maxLabel = Math.max(maxLabel, s.maxLabel);
      }
      bytes += s.bytes;
      weightSum += s.weightSum;
      labels.add(s.labels);
    }
    long rows = offsets[summaries.size()];
    if (rows == 0) {
      throw new InvalidInputException(
          "The training dataset is empty; expected at least one row");
    }
    if (weightSum == 0) {
      // The loss is a weighted mean: 0/0 would "train" to NaN and return the initial weights.
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s': every row weight is 0 (%d rows); expected at least one weight > 0, since"
              + " the loss is the mean weighted by it", spec.weightCol, rows));
    }
    if (spec.classification && spec.numClasses < 0) {
      requireClassIndices(spec.labelCol, maxLabel, LabelSet.merge(labels));
    }
    if (spec.validationIndicatorCol != null && heldOut.length == rows) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' (validationIndicatorCol) is true on every one of the %d rows; expected"
              + " at least one training row (false)", spec.validationIndicatorCol, rows));
    }
    return new TrainingData(blocks, offsets, numFeatures, maxLabel, bytes,
        spec.validationIndicatorCol == null ? null : heldOut, classes);
  }

  /** Above this largest label, a label column with few distinct values is taken for IDs. */
  static final double ID_MIN_LABEL = 1000;
  /** ... when its largest label is more than this many times its distinct count. */
  static final double ID_SPARSITY = 10;

  /**
   * The number of classes comes from the largest label, so a column of IDs (few distinct values,
   * some huge) would build an output layer of millions of units and run the driver out of
   * memory before the first step.
   */
  private static void requireClassIndices(String labelCol, double maxLabel,
      LabelSet.Count distinct) {
    if (maxLabel > ID_MIN_LABEL && maxLabel > ID_SPARSITY * distinct.distinct) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' does not look like class indices: its largest label is %d but it holds"
              + " %s%d distinct labels, and the output layer would need %d units (one per index"
              + " up to the largest). Map the labels to 0..n-1 with"
              + " org.apache.spark.ml.feature.StringIndexer first (or, if there really are that"
              + " many classes, set layers)", labelCol, (long) maxLabel,
          distinct.lowerBound ? "at least " : "", distinct.distinct, (long) maxLabel + 1));
    }
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

  /**
   * The global rows the validation indicator column marks, ascending; null without that column
   * (empty when it marks none).
   */
  public long[] validationRows() {
    return validationRows == null ? null : validationRows.clone();
  }

  /** Rows and weight per class, or null when the spec did not ask to count them. */
  public ClassCounts classCounts() {
    return classes;
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
