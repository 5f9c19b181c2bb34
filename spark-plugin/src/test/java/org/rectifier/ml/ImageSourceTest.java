package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.testing.ErrorMessages;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.train.InvalidInputException;

/**
 * PNG files read by Spark's own image data source train and score a {@link ConvNetClassifier}
 * directly: the shape comes from the images, pixels arrive as RGB in [0, 1] in HWC order, the
 * image column survives the transform, and an image of another size fails naming its file.
 */
class ImageSourceTest {

  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSupport.spark();
    Random random = new Random(7);
    // Class 0: a red row on a dark background; class 1: a blue column. 12 of each, 8x6 pixels.
    for (int i = 0; i < 24; i++) {
      int cls = i % 2;
      BufferedImage img = new BufferedImage(6, 8, BufferedImage.TYPE_INT_RGB);
      int at = random.nextInt(cls == 0 ? 8 : 6);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 6; x++) {
          boolean line = cls == 0 ? y == at : x == at;
          int noise = random.nextInt(40);
          img.setRGB(x, y, line ? (cls == 0 ? 0xE01010 : 0x1010E0) : noise << 16 | noise << 8
              | noise);
        }
      }
      ImageIO.write(img, "png", new File(dir.toFile(), "class" + cls + "-" + i + ".png"));
    }
    BufferedImage known = new BufferedImage(6, 8, BufferedImage.TYPE_INT_RGB);
    known.setRGB(2, 1, 0x336699);
    ImageIO.write(known, "png", dir.resolve("known").toFile().mkdir()
        ? dir.resolve("known").resolve("one.png").toFile() : null);
    BufferedImage odd = new BufferedImage(6, 9, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(odd, "png", dir.resolve("odd").toFile().mkdir()
        ? dir.resolve("odd").resolve("tall.png").toFile() : null);
  }

  private static Dataset<Row> images() {
    return spark.read().format("image").load(dir.toString() + "/class*.png")
        .withColumn("label", functions.when(functions.col("image.origin").contains("class1"),
            1.0).otherwise(0.0));
  }

  @Test
  void pixelsArriveAsRgbInUnitRangeInHwcOrder() {
    Row image = spark.read().format("image").load(dir.resolve("known").toString())
        .select("image").first().getStruct(0);
    Vector v = ImageColumns.toVector(image, "image", new ImageShape(8, 6, 3));
    int at = (1 * 6 + 2) * 3;
    assertArrayEquals(new double[] {0x33 / 255.0, 0x66 / 255.0, 0x99 / 255.0},
        new double[] {v.apply(at), v.apply(at + 1), v.apply(at + 2)}, 1e-12,
        "pixel (row 1, column 2) as R, G, B");
    assertEquals(0.0, v.apply(0));
  }

  @Test
  void trainsAndScoresFromTheImageColumn() {
    Dataset<Row> data = images().cache();
    ConvNetClassificationModel model = new ConvNetClassifier().setFeaturesCol("image")
        .setArchitecture("conv2d(4,3x3,relu,padding=same) maxpool(2x2) flatten dense(8,relu)")
        .setBatchSize(8).setMaxIter(15).setStepSize(0.02).setSeed(2).fit(data);
    assertArrayEquals(new int[] {8, 6, 3}, model.getInputShape(), "taken from the images");
    Dataset<Row> scored = model.transform(data);
    assertTrue(List.of(scored.columns()).contains("image"), "the image column stays");
    long right = scored.filter("prediction = label").count();
    assertTrue(right >= 22, right + " of 24 right");
  }

  @Test
  void anImageOfAnotherSizeFailsNamingItsFile() {
    Dataset<Row> odd = spark.read().format("image").load(dir.resolve("odd").toString())
        .withColumn("label", functions.lit(0.0));
    ErrorMessages.expect(InvalidInputException.class,
        () -> new ConvNetClassifier().setFeaturesCol("image").setInputShape(new int[] {8, 6, 3})
            .setArchitecture("conv2d(2,3x3) flatten").setMaxIter(1).fit(odd),
        "Column 'image' holds a 9x6x3 image (", "tall.png); expected 8x6x3 (height x width x"
            + " channels, Param inputShape)");
  }
}
