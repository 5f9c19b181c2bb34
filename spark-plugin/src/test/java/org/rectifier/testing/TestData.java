package org.rectifier.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small deterministic data sets as DataFrames with (features, label) columns. */
public final class TestData {

  private TestData() {}

  /** The schema (features: vector, label: double). */
  public static StructType schema() {
    return new StructType()
        .add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
  }

  /** The four XOR points, each repeated {@code copies} times. */
  public static Dataset<Row> xor(SparkSession spark, int copies) {
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      rows.add(RowFactory.create(Vectors.dense(0, 0), 0.0));
      rows.add(RowFactory.create(Vectors.dense(0, 1), 1.0));
      rows.add(RowFactory.create(Vectors.dense(1, 0), 1.0));
      rows.add(RowFactory.create(Vectors.dense(1, 1), 0.0));
    }
    return spark.createDataFrame(rows, schema());
  }

  /**
   * {@code classes} Gaussian blobs in {@code dims} dimensions, centers on a ring of radius
   * {@code spread}, unit noise.
   */
  public static Dataset<Row> blobs(SparkSession spark, int rowsPerClass, int classes, int dims,
      double spread, long seed) {
    Random random = new Random(seed);
    double[][] centers = new double[classes][dims];
    for (int k = 0; k < classes; k++) {
      for (int d = 0; d < dims; d++) {
        centers[k][d] = spread * random.nextGaussian();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < rowsPerClass; i++) {
      for (int k = 0; k < classes; k++) {
        double[] x = new double[dims];
        for (int d = 0; d < dims; d++) {
          x[d] = centers[k][d] + random.nextGaussian();
        }
        rows.add(RowFactory.create(Vectors.dense(x), (double) k));
      }
    }
    return spark.createDataFrame(rows, schema());
  }

  /**
   * {@code size x size x 1} images (HWC order) of one bright line on noise: a row (class 0), a
   * column (class 1) or the main diagonal shifted (class 2), at a random place. Where the line
   * is does not matter, what it looks like does: the task a convolution is built for.
   */
  public static Dataset<Row> bars(SparkSession spark, int rowsPerClass, int size, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < rowsPerClass; i++) {
      for (int k = 0; k < 3; k++) {
        double[] x = new double[size * size];
        for (int p = 0; p < x.length; p++) {
          x[p] = 0.2 * random.nextDouble();
        }
        int at = random.nextInt(size);
        for (int j = 0; j < size; j++) {
          int y = k == 0 ? at : k == 1 ? j : j;
          int xx = k == 0 ? j : k == 1 ? at : (j + at) % size;
          x[y * size + xx] = 0.8 + 0.2 * random.nextDouble();
        }
        rows.add(RowFactory.create(Vectors.dense(x), (double) k));
      }
    }
    return spark.createDataFrame(rows, schema());
  }

  /**
   * Three concentric rings in 2-D, one class each: not linearly separable, so a linear model
   * stays near chance while an MLP separates them.
   */
  public static Dataset<Row> rings(SparkSession spark, int rowsPerClass, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < rowsPerClass; i++) {
      for (int k = 0; k < 3; k++) {
        double angle = 2 * Math.PI * random.nextDouble();
        double radius = 1.0 + k + 0.15 * random.nextGaussian();
        rows.add(RowFactory.create(
            Vectors.dense(radius * Math.cos(angle), radius * Math.sin(angle)), (double) k));
      }
    }
    return spark.createDataFrame(rows, schema());
  }

  /** y = sin(2 x0) + x1^2 / 2 + small noise, x uniform in [-2, 2]^2. */
  public static Dataset<Row> smoothRegression(SparkSession spark, int rows, long seed) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double x0 = 4 * random.nextDouble() - 2;
      double x1 = 4 * random.nextDouble() - 2;
      double y = Math.sin(2 * x0) + 0.5 * x1 * x1 + 0.01 * random.nextGaussian();
      out.add(RowFactory.create(Vectors.dense(x0, x1), y));
    }
    return spark.createDataFrame(out, schema());
  }
}
