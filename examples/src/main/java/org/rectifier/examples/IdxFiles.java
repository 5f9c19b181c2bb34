package org.rectifier.examples;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzipped or not): an images file (magic 2051:
 * count, rows, cols, then unsigned bytes) and a labels file (magic 2049: count, then bytes).
 * Pixels are scaled to [0, 1].
 */
final class IdxFiles {

  private IdxFiles() {}

  /** The labels file next to an images file: "images" replaced by "labels" in its name. */
  static Path labelsFor(Path images) throws IOException {
    String name = images.getFileName().toString();
    String labels = name.replace("images", "labels").replace("idx3", "idx1");
    Path p = images.resolveSibling(labels);
    if (labels.equals(name) || !Files.exists(p)) {
      throw new IOException("no labels file next to " + images + " (expected " + p + ")");
    }
    return p;
  }

  static List<Row> read(Path images, Path labels) throws IOException {
    try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
      int magic = img.readInt();
      if (magic != 2051) {
        throw new IOException(images + " is not an IDX images file (magic " + magic
            + ", expected 2051)");
      }
      int count = img.readInt();
      int pixels = img.readInt() * img.readInt();
      int labelMagic = lab.readInt();
      if (labelMagic != 2049) {
        throw new IOException(labels + " is not an IDX labels file (magic " + labelMagic
            + ", expected 2049)");
      }
      int labelCount = lab.readInt();
      if (labelCount != count) {
        throw new IOException(images + " has " + count + " images but " + labels + " has "
            + labelCount + " labels");
      }
      List<Row> rows = new ArrayList<>(count);
      byte[] buf = new byte[pixels];
      for (int r = 0; r < count; r++) {
        img.readFully(buf);
        double[] x = new double[pixels];
        for (int i = 0; i < pixels; i++) {
          x[i] = (buf[i] & 0xff) / 255.0;
        }
        rows.add(RowFactory.create(Vectors.dense(x), (double) lab.readUnsignedByte()));
      }
      return rows;
    }
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }
}
