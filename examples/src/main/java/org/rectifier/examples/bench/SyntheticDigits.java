package org.rectifier.examples.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MNIST-shaped synthetic data: {@code rows x 784} pixels in [0, 1], labelled 0..9 by a fixed
 * random ReLU "teacher" network (784-64-10), so a student network can learn it. Rows are made on
 * the executors from their id, so the same seed gives the same data at any partitioning.
 */
final class SyntheticDigits implements MapPartitionsFunction<Long, Row> {

  private static final long serialVersionUID = 1L;
  private static final int PIXELS = 784;
  private static final int HIDDEN = 64;
  private static final int CLASSES = 10;

  private final long seed;
  private final float[] w1;
  private final float[] w2;

  private SyntheticDigits(long seed) {
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    w1 = new float[PIXELS * HIDDEN];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) (nextGaussian(random) * Math.sqrt(2.0 / PIXELS));
    }
    w2 = new float[HIDDEN * CLASSES];
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (float) (nextGaussian(random) * Math.sqrt(2.0 / HIDDEN));
    }
  }

  static StructType schema() {
    return new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
  }

  /** {@code rows} rows in {@code partitions} partitions. */
  static Dataset<Row> create(SparkSession spark, long rows, int partitions, long seed) {
    return spark.range(0, rows, 1, partitions).as(Encoders.LONG())
        .mapPartitions(new SyntheticDigits(seed), Encoders.row(schema()));
  }

  @Override
  public Iterator<Row> call(Iterator<Long> ids) {
    List<Row> out = new ArrayList<>();
    double[] x = new double[PIXELS];
    double[] h = new double[HIDDEN];
    while (ids.hasNext()) {
      long id = ids.next();
      SplittableRandom random = new SplittableRandom(seed * 31 + id);
      for (int i = 0; i < PIXELS; i++) {
        x[i] = random.nextDouble();
      }
      java.util.Arrays.fill(h, 0);
      for (int i = 0; i < PIXELS; i++) {
        double centered = x[i] - 0.5;
        for (int j = 0; j < HIDDEN; j++) {
          h[j] += centered * w1[i * HIDDEN + j];
        }
      }
      int best = 0;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        double z = 0;
        for (int j = 0; j < HIDDEN; j++) {
          z += Math.max(h[j], 0) * w2[j * CLASSES + c];
        }
        if (z > bestValue) {
          bestValue = z;
          best = c;
        }
      }
      out.add(RowFactory.create(Vectors.dense(x.clone()), (double) best));
    }
    return out.iterator();
  }

  private static double nextGaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
