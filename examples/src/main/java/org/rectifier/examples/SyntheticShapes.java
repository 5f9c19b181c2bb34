package org.rectifier.examples;

import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A synthetic image set for the ReLU tutorial's convolutional network: {@code size x size} RGB
 * images in [0, 1], HWC order, of one of five shapes (square, disc, triangle, cross, ring) in
 * one of two colours (reddish or bluish) on a noisy background, at a random place and scale;
 * ten classes, {@code label = 2 * shape + colour}. Image {@code i} is drawn from
 * {@code (seed, i)} alone, on the executors, so any number of images costs the driver nothing
 * and every partitioning sees the same images.
 */
public final class SyntheticShapes {

  /** Names of the ten classes, by label. */
  public static final String[] CLASSES = {"red square", "blue square", "red disc", "blue disc",
      "red triangle", "blue triangle", "red cross", "blue cross", "red ring", "blue ring"};

  private SyntheticShapes() {}

  /**
   * {@code count} images in {@code partitions} partitions: columns {@code features} (a dense
   * vector of {@code size * size * 3}) and {@code label} (0..9).
   */
  public static Dataset<Row> load(SparkSession spark, long count, int size, int partitions,
      long seed) {
    UserDefinedFunction image = functions.udf(
        (UDF1<Long, Vector>) id -> Vectors.dense(draw(seed, id, size)),
        SQLDataTypes.VectorType());
    UserDefinedFunction label = functions.udf(
        (UDF1<Long, Double>) id -> (double) labelOf(seed, id), DataTypes.DoubleType);
    return spark.range(0, count, 1, partitions).select(
        image.apply(functions.col("id")).as("features"),
        label.apply(functions.col("id")).as("label"));
  }

  /** The label of image {@code id}. */
  static int labelOf(long seed, long id) {
    return new Random(seed * 1_000_003L + id).nextInt(10);
  }

  /** Image {@code id}: {@code size * size * 3} values, HWC. */
  static double[] draw(long seed, long id, int size) {
    Random r = new Random(seed * 1_000_003L + id);
    int label = r.nextInt(10);
    int shape = label / 2;
    boolean blue = label % 2 == 1;
    double[] img = new double[size * size * 3];
    for (int i = 0; i < img.length; i++) {
      img[i] = 0.25 * r.nextDouble();
    }
    double radius = size * (0.18 + 0.12 * r.nextDouble());
    double cx = radius + r.nextDouble() * (size - 2 * radius);
    double cy = radius + r.nextDouble() * (size - 2 * radius);
    double[] colour = blue
        ? new double[] {0.1 + 0.2 * r.nextDouble(), 0.2 + 0.3 * r.nextDouble(), 0.75 + 0.25 * r.nextDouble()}
        : new double[] {0.75 + 0.25 * r.nextDouble(), 0.2 + 0.3 * r.nextDouble(), 0.1 + 0.2 * r.nextDouble()};
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double dx = (x + 0.5 - cx) / radius;
        double dy = (y + 0.5 - cy) / radius;
        if (inside(shape, dx, dy)) {
          int p = (y * size + x) * 3;
          img[p] = colour[0];
          img[p + 1] = colour[1];
          img[p + 2] = colour[2];
        }
      }
    }
    return img;
  }

  /** Whether {@code (dx, dy)}, in units of the radius from the centre, is inside the shape. */
  private static boolean inside(int shape, double dx, double dy) {
    double d = Math.sqrt(dx * dx + dy * dy);
    switch (shape) {
      case 0:
        return Math.abs(dx) <= 0.8 && Math.abs(dy) <= 0.8;
      case 1:
        return d <= 1;
      case 2:
        // Apex up, base at dy = 0.8.
        return dy <= 0.8 && dy >= -1 && Math.abs(dx) <= (dy + 1) / 1.8 * 0.9;
      case 3:
        return (Math.abs(dx) <= 0.25 && Math.abs(dy) <= 1) || (Math.abs(dy) <= 0.25
            && Math.abs(dx) <= 1);
      default:
        return d <= 1 && d >= 0.6;
    }
  }
}
