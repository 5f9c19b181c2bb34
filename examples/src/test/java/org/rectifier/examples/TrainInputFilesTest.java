package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on malformed IDX files (wrong magic or dimensions, negative or huge counts, files
 * cut short, raw or gzipped): one line on stderr naming the file and what is wrong, exit code 2.
 * Runs {@link Train#run(String[], SparkSession, PrintStream)} in this JVM.
 */
class TrainInputFilesTest {

  private static final int IMAGES = 2051;
  private static final int LABELS = 2049;

  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("train-input-files");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void wellFormedFilesTrain() throws IOException {
    Path images = write("ok-images-idx3-ubyte.gz", images(IMAGES, 40, 4, 4, 40), true);
    write("ok-labels-idx1-ubyte.gz", labels(LABELS, 40, 40), true);
    Result r = train(images, "--epochs", "1", "--hidden", "4");
    assertEquals(0, r.code, r.err);
    assertEquals("", r.err);
  }

  @Test
  void wrongMagicOrDimensions() throws IOException {
    Path labelsAsImages = write("a-images-idx3-ubyte", images(LABELS, 3, 4, 4, 3), false);
    write("a-labels-idx1-ubyte", labels(LABELS, 3, 3), false);
    assertOneLine(train(labelsAsImages), labelsAsImages, "an IDX file of 1 dimension(s)"
        + " (magic 2049); expected 3 for images (count, rows, columns) (magic 2051)");

    Path images = write("b-images-idx3-ubyte", images(IMAGES, 3, 4, 4, 3), false);
    Path imagesAsLabels = write("b-labels-idx1-ubyte", images(IMAGES, 3, 4, 4, 3), false);
    assertOneLine(train(images), imagesAsLabels, "an IDX file of 3 dimension(s) (magic 2051);"
        + " expected 1 for labels (count) (magic 2049)");

    Path zip = write("c-images-idx3-ubyte", images(0x504b0304, 3, 4, 4, 3), false);
    write("c-labels-idx1-ubyte", labels(LABELS, 3, 3), false);
    assertOneLine(train(zip), zip, "not an IDX file: it starts with 0x504b0304, expected"
        + " 0x00000803 for images");

    Path floats = write("d-images-idx3-ubyte", images(0x0d03, 3, 4, 4, 3), false);
    write("d-labels-idx1-ubyte", labels(LABELS, 3, 3), false);
    assertOneLine(train(floats), floats, "IDX element type 0x0d; expected 0x08 (unsigned bytes)");

    Path flat = write("e-images-idx3-ubyte", images(IMAGES, 3, 0, 28, 3), false);
    write("e-labels-idx1-ubyte", labels(LABELS, 3, 3), false);
    assertOneLine(train(flat), flat, "its header declares images of 0 x 28 pixels");
  }

  @Test
  void negativeOrHugeCounts() throws IOException {
    Path negative = write("f-images-idx3-ubyte", images(IMAGES, -5, 4, 4, 0), false);
    write("f-labels-idx1-ubyte", labels(LABELS, -5, 0), false);
    assertOneLine(train(negative), negative, "its header declares -5 items", "count >= 0");

    Path huge = write("g-images-idx3-ubyte", images(IMAGES, 2_000_000_000, 28, 28, 2), false);
    write("g-labels-idx1-ubyte", labels(LABELS, 2_000_000_000, 2), false);
    assertOneLine(train(huge), huge, "truncated or a wrong count: its header declares"
        + " 2000000000 images of 28x28 pixels (1568000000016 bytes with the header), but the"
        + " file has 1584 bytes");

    Path hugeGz = write("h-images-idx3-ubyte.gz", images(IMAGES, 2_000_000_000, 28, 28, 2), true);
    write("h-labels-idx1-ubyte.gz", labels(LABELS, 2_000_000_000, 2), true);
    assertOneLine(train(hugeGz), hugeGz,
        "truncated: it ends after 2 of the 2000000000 images its header declares (gzipped)");

    Path mismatch = write("i-images-idx3-ubyte", images(IMAGES, 10, 4, 4, 10), false);
    Path fewerLabels = write("i-labels-idx1-ubyte", labels(LABELS, 9, 9), false);
    assertOneLine(train(mismatch), fewerLabels, "has 9 labels but " + mismatch
        + " has 10 images");
  }

  @Test
  void truncatedFiles() throws IOException {
    Path raw = write("j-images-idx3-ubyte", images(IMAGES, 10, 4, 4, 3), false);
    write("j-labels-idx1-ubyte", labels(LABELS, 10, 10), false);
    assertOneLine(train(raw), raw, "truncated or a wrong count: its header declares 10 images"
        + " of 4x4 pixels (176 bytes with the header), but the file has 64 bytes");

    Path gz = write("k-images-idx3-ubyte.gz", images(IMAGES, 10, 4, 4, 3), true);
    write("k-labels-idx1-ubyte.gz", labels(LABELS, 10, 10), true);
    assertOneLine(train(gz), gz,
        "truncated: it ends after 3 of the 10 images its header declares (gzipped)");

    // A download cut short: the gzip stream itself ends early.
    Path cut = dir.resolve("l-images-idx3-ubyte.gz");
    byte[] whole = gzip(images(IMAGES, 1000, 28, 28, 1000, -1));
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    write("l-labels-idx1-ubyte.gz", labels(LABELS, 1000, 1000), true);
    assertOneLine(train(cut), cut, "truncated: it ends after ", " of the 1000 images its"
        + " header declares (gzipped)");

    Path labelsCut = write("m-images-idx3-ubyte", images(IMAGES, 10, 4, 4, 10), false);
    Path shortLabels = write("m-labels-idx1-ubyte.gz", labels(LABELS, 10, 4), true);
    Files.move(shortLabels, dir.resolve("m-labels-idx1-ubyte"));
    assertOneLine(train(labelsCut), dir.resolve("m-labels-idx1-ubyte"),
        "truncated: it ends after 4 of the 10 labels its header declares (gzipped)");

    Path empty = write("n-images-idx3-ubyte", new byte[0], false);
    write("n-labels-idx1-ubyte", labels(LABELS, 1, 1), false);
    assertOneLine(train(empty), empty, "too short for an IDX header (empty or truncated)");
  }

  @Test
  void missingFiles() throws IOException {
    Path alone = write("o-images-idx3-ubyte", images(IMAGES, 1, 4, 4, 1), false);
    assertOneLine(train(alone), alone, "no labels file next to it (expected "
        + dir.resolve("o-labels-idx1-ubyte") + ")");
    Path nowhere = dir.resolve("p-images-idx3-ubyte");
    assertOneLine(train(nowhere), nowhere, "no such file");
  }

  @Test
  void failuresWithoutAMessageNameTheirClassAndTheFile() {
    assertEquals("Train failed while reading /data/train-images.gz:"
        + " java.lang.NullPointerException (no message)",
        Failures.line(new NullPointerException(), "reading /data/train-images.gz"));
    assertEquals("Train failed while training on /data/x.csv: boom",
        Failures.line(new IllegalStateException("boom"), "training on /data/x.csv"));
    String oom = Failures.outOfMemory(new OutOfMemoryError("Java heap space"),
        "reading /data/train-images.gz", 3L << 30);
    assertEquals("Train ran out of memory while reading /data/train-images.gz (Java heap space;"
        + " the driver's heap is at most 3072 MB). Give the driver more memory:"
        + " --driver-memory 6g with spark-submit, -Xmx6g with java (examples/run.sh:"
        + " JAVA_OPTS=-Xmx6g)", oom);
  }

  // --- IDX files as MNIST's: big-endian header, then unsigned bytes ---

  /** Header (magic, count, rows, cols) and {@code actual} images of pixel value 1. */
  private static byte[] images(int magic, int count, int rows, int cols, int actual) {
    return images(magic, count, rows, cols, actual, 1);
  }

  /** ... with every pixel {@code pixel}, or random ones (hard to compress) for -1. */
  private static byte[] images(int magic, int count, int rows, int cols, int actual,
      int pixel) {
    java.util.Random random = new java.util.Random(3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(cols);
      byte[] image = new byte[Math.max(0, rows * cols)];
      Arrays.fill(image, (byte) pixel);
      for (int i = 0; i < actual; i++) {
        if (pixel < 0) {
          random.nextBytes(image);
        }
        out.write(image);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  /** Header (magic, count) and {@code actual} labels alternating 0 and 1. */
  private static byte[] labels(int magic, int count, int actual) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(count);
      for (int i = 0; i < actual; i++) {
        out.write(i % 2);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] data, boolean gz) throws IOException {
    return Files.write(dir.resolve(name), gz ? gzip(data) : data);
  }

  // --- running the job ---

  private static final class Result {
    final int code;
    final String err;

    Result(int code, String err) {
      this.code = code;
      this.err = err;
    }
  }

  private static Result train(Path images, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "--data";
    args[1] = images.toString();
    args[2] = "--format";
    args[3] = "idx";
    System.arraycopy(extra, 0, args, 4, extra.length);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Train.run(args, spark, stream);
    }
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  private static void assertOneLine(Result r, Path file, String... parts) {
    List<String> lines = r.err.lines().collect(Collectors.toList());
    assertEquals(2, r.code, r.err);
    assertEquals(1, lines.size(), r.err);
    String line = lines.get(0);
    assertTrue(line.startsWith("Train: " + file + ": "), line);
    for (String part : parts) {
      assertTrue(line.contains(part), "should contain '" + part + "': " + line);
    }
  }
}
