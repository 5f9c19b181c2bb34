package org.rectifier.ml;

import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.train.InvalidInputException;

/**
 * Images as Spark's image data source gives them ({@code spark.read.format("image")}: a struct
 * of origin, height, width, nChannels, mode and the pixel bytes), turned into the features a conv
 * net reads: one vector per image in HWC order, channels reordered from the source's BGR(A) to
 * RGB(A) as Keras and PyTorch users load images, each byte {@code v} becoming {@code v / 255} in
 * [0, 1]. One-channel images stay as they are, scaled the same way.
 */
final class ImageColumns {

  /** Where the converted vectors go for the duration of a fit or transform. */
  static final String VECTORS = "__rectifier_image_features";

  private ImageColumns() {}

  /** Whether {@code col} of {@code schema} is an image struct (Spark's image schema). */
  static boolean isImage(StructType schema, String col) {
    DataType type = schema.apply(col).dataType();
    if (!(type instanceof StructType)) {
      return false;
    }
    StructType s = (StructType) type;
    return has(s, "height", DataTypes.IntegerType) && has(s, "width", DataTypes.IntegerType)
        && has(s, "nChannels", DataTypes.IntegerType) && has(s, "data", DataTypes.BinaryType);
  }

  private static boolean has(StructType s, String name, DataType type) {
    for (StructField f : s.fields()) {
      if (f.name().equals(name) && f.dataType().equals(type)) {
        return true;
      }
    }
    return false;
  }

  /** {@code schema} with {@code col} seen as a Vector column (for Spark's own schema checks). */
  static StructType asVectorSchema(StructType schema, String col) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(col)) {
        fields[i] = new StructField(col, SQLDataTypes.VectorType(), fields[i].nullable(),
            fields[i].metadata());
      }
    }
    return new StructType(fields);
  }

  /**
   * The shape of the first image of {@code col} (one small Spark job).
   *
   * @throws InvalidInputException when there are no rows or the first image is undecodable
   */
  static ImageShape firstShape(Dataset<?> dataset, String col) {
    Row[] first = (Row[]) dataset.select(col + ".height", col + ".width", col + ".nChannels",
        col + ".origin").limit(1).collect();
    if (first.length == 0) {
      throw new InvalidInputException("Column '" + col + "' has no rows to take the image"
          + " shape from; set Param inputShape [height, width, channels]");
    }
    Row r = first[0];
    if (r.isNullAt(0) || r.getInt(0) <= 0 || r.getInt(1) <= 0 || r.getInt(2) <= 0) {
      throw new InvalidInputException("Column '" + col + "' holds an image that could not be"
          + " decoded (" + r.get(3) + ") in its first row; read with dropInvalid=true, or set"
          + " Param inputShape");
    }
    return new ImageShape(r.getInt(0), r.getInt(1), r.getInt(2));
  }

  /** {@code dataset} with {@link #VECTORS} added: {@code col}'s images as checked vectors. */
  static Dataset<Row> withVectors(Dataset<?> dataset, String col, ImageShape shape) {
    UserDefinedFunction toVector = functions.udf(
        (UDF1<Row, Vector>) image -> toVector(image, col, shape), SQLDataTypes.VectorType());
    return dataset.withColumn(VECTORS, toVector.apply(functions.col(col)));
  }

  /**
   * One image as features.
   *
   * @throws InvalidInputException for a null or undecodable image, or one of another shape
   */
  static Vector toVector(Row image, String col, ImageShape shape) {
    if (image == null) {
      throw new InvalidInputException("Column '" + col + "' holds a null image; expected a "
          + shape + " image");
    }
    int h = image.getInt(image.fieldIndex("height"));
    int w = image.getInt(image.fieldIndex("width"));
    int c = image.getInt(image.fieldIndex("nChannels"));
    String origin = hasOrigin(image) ? image.getString(image.fieldIndex("origin")) : null;
    String from = origin == null ? "" : " (" + origin + ")";
    if (h <= 0 || w <= 0 || c <= 0) {
      throw new InvalidInputException("Column '" + col + "' holds an image that could not be"
          + " decoded" + from + "; read the images with dropInvalid=true to skip such files");
    }
    if (h != shape.height() || w != shape.width() || c != shape.channels()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' holds a %dx%dx%d image%s; expected %s (height x width x channels, Param"
              + " inputShape): resize the images to one size first", col, h, w, c, from,
          shape));
    }
    byte[] data = (byte[]) image.get(image.fieldIndex("data"));
    if (data == null || data.length != shape.size()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' holds a %s image%s with %d data bytes; expected %d", col, shape, from,
          data == null ? 0 : data.length, shape.size()));
    }
    double[] v = new double[data.length];
    for (int p = 0; p < data.length; p += c) {
      for (int k = 0; k < c; k++) {
        // BGR(A) -> RGB(A): the first three channels reverse, alpha stays last.
        int src = c >= 3 && k < 3 ? 2 - k : k;
        v[p + k] = (data[p + src] & 0xff) / 255.0;
      }
    }
    return Vectors.dense(v);
  }

  private static boolean hasOrigin(Row image) {
    for (String name : image.schema().fieldNames()) {
      if (name.equals("origin")) {
        return !image.isNullAt(image.fieldIndex("origin"));
      }
    }
    return false;
  }
}
