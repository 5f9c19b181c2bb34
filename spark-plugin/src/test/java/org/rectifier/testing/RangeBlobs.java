package org.rectifier.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Gaussian blobs made on the executors from each row's id, in an explicit number of partitions:
 * the same rows in the same order and partitioning on any master, which is what comparing a
 * cluster fit with a local one bit for bit needs ({@code createDataFrame} partitions by the
 * master's parallelism).
 */
public final class RangeBlobs implements MapPartitionsFunction<Long, Row> {

  private static final long serialVersionUID = 1L;

  private final int dims;
  private final int classes;
  private final long seed;
  private final double[][] centers;

  private RangeBlobs(int dims, int classes, double spread, long seed) {
    this.dims = dims;
    this.classes = classes;
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    centers = new double[classes][dims];
    for (double[] c : centers) {
      for (int d = 0; d < dims; d++) {
        c[d] = spread * (2 * random.nextDouble() - 1);
      }
    }
  }

  /** {@code rows} rows of {@code dims} features and {@code classes} labels in {@code partitions}. */
  public static Dataset<Row> create(SparkSession spark, long rows, int partitions, int dims,
      int classes, long seed) {
    return spark.range(0, rows, 1, partitions).as(Encoders.LONG())
        .mapPartitions(new RangeBlobs(dims, classes, 3.0, seed), Encoders.row(TestData.schema()));
  }

  @Override
  public Iterator<Row> call(Iterator<Long> ids) {
    List<Row> out = new ArrayList<>();
    while (ids.hasNext()) {
      long id = ids.next();
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + id);
      int label = (int) (id % classes);
      double[] x = new double[dims];
      for (int d = 0; d < dims; d++) {
        x[d] = centers[label][d] + (2 * random.nextDouble() - 1) * 1.5;
      }
      out.add(RowFactory.create(Vectors.dense(x), (double) label));
    }
    return out.iterator();
  }
}
