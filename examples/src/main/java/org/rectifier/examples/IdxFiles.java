package org.rectifier.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzipped or not): an images file (magic 2051:
 * count, rows, cols, then unsigned bytes) and a labels file (magic 2049: count, then bytes).
 * Pixels are scaled to [0, 1]. A malformed or cut-short file fails with a {@link BadDataFile}.
 */
final class IdxFiles {

  /** Largest image accepted, in pixels: far above any IDX data set, far below int overflow. */
  static final long MAX_PIXELS = 1 << 24;

  private IdxFiles() {}

  /** The labels file next to an images file: "images" replaced by "labels" in its name. */
  static Path labelsFor(Path images) throws IOException {
    String name = images.getFileName().toString();
    String labels = name.replace("images", "labels").replace("idx3", "idx1");
    Path p = images.resolveSibling(labels);
    if (!Files.exists(images)) {
      throw new BadDataFile(images, "no such file");
    }
    if (labels.equals(name) || !Files.exists(p)) {
      throw new BadDataFile(images, "no labels file next to it (expected " + p + ")");
    }
    return p;
  }

  static List<Row> read(Path images, Path labels) throws IOException {
    try (IdxStream img = IdxStream.open(images); IdxStream lab = IdxStream.open(labels)) {
      int[] dims = img.header(3, "images (count, rows, columns)");
      int count = dims[0];
      long pixels = (long) dims[1] * dims[2];
      if (dims[1] <= 0 || dims[2] <= 0 || pixels > MAX_PIXELS) {
        throw new BadDataFile(images, String.format(Locale.ROOT,
            "its header declares images of %d x %d pixels; expected positive sizes and at most"
                + " %d pixels", dims[1], dims[2], MAX_PIXELS));
      }
      img.requireLength(3, count, pixels, "images of " + dims[1] + "x" + dims[2] + " pixels");
      int labelCount = lab.header(1, "labels (count)")[0];
      if (labelCount != count) {
        throw new BadDataFile(labels, "has " + labelCount + " labels but " + images + " has "
            + count + " images");
      }
      lab.requireLength(1, count, 1, "labels");
      // Not sized by the header's count: a gzipped file can only be checked as it is read.
      List<Row> rows = new ArrayList<>(Math.min(count, 1 << 16));
      byte[] buf = new byte[(int) pixels];
      for (int r = 0; r < count; r++) {
        img.readItem(buf, r, count, "images");
        double[] x = new double[buf.length];
        for (int i = 0; i < buf.length; i++) {
          x[i] = (buf[i] & 0xff) / 255.0;
        }
        rows.add(RowFactory.create(Vectors.dense(x), (double) lab.readByte(r, count, "labels")));
      }
      return rows;
    }
  }
}
