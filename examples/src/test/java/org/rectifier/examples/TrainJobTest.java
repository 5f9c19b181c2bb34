package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;

/**
 * The main job end to end, the way users run it: through Spark's {@code SparkSubmit} in a child
 * JVM (local[2]), then its saved model loaded back and used.
 */
class TrainJobTest {

  @TempDir
  Path dir;

  private static final class Result {
    final int code;
    final String output;

    Result(int code, String output) {
      this.code = code;
      this.output = output;
    }
  }

  private Result sparkSubmit(String... args) throws IOException, InterruptedException {
    return sparkSubmitWithHeap("2g", args);
  }

  private Result sparkSubmitWithHeap(String heap, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String line : Files.readAllLines(Paths.get("..", "conf", "jvm-options"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        cmd.add(line.trim());
      }
    }
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")));
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.add("--master");
    cmd.add("local[2]");
    cmd.add("--conf");
    cmd.add("spark.ui.enabled=false");
    cmd.add("--class");
    cmd.add(Train.class.getName());
    cmd.add("spark-internal");
    cmd.addAll(List.of(args));
    Path log = dir.resolve("out-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("Train did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void trainsTheEmbeddedDigitsThroughSparkSubmitAndSavesAModel() throws Exception {
    Path model = dir.resolve("model");
    Path plot = dir.resolve("training.png");
    Result r = sparkSubmit("--epochs", "15", "--hidden", "32", "--model-out", model.toString(),
        "--plot", plot.toString(), "--validation-fraction", "0.1");
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("embedded digits"), r.output);
    assertTrue(r.output.contains("epoch  15"), r.output);
    assertTrue(r.output.matches("(?s).*epoch  15  loss [0-9.]+  accuracy [0-9.]+  val_loss"
        + " [0-9.]+  val_accuracy [0-9.]+.*"), r.output);
    assertTrue(r.output.contains("Confusion matrix"), r.output);
    assertTrue(r.output.matches("(?s).*hidden layer 1 \\(32 relu units\\): [0-9.]+% of"
        + " outputs zero, [0-9.]+% of units dead.*"), r.output);
    String line = r.output.lines().filter(l -> l.contains("test accuracy")).findFirst()
        .orElseThrow(() -> new AssertionError(r.output));
    double accuracy = Double.parseDouble(line.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
    assertTrue(accuracy > 0.9, line);
    assertTrue(new File(model.toFile(), "metadata").isDirectory());
    byte[] png = Files.readAllBytes(plot);
    assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
        "a PNG chart of " + png.length + " bytes");

    SparkSession spark = SparkSession.builder().master("local[1]").appName("load")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      MLPClassificationModel loaded = MLPClassificationModel.load(model.toString());
      assertEquals(64, loaded.numFeatures());
      assertEquals(10, loaded.numClasses());
      long predicted = loaded.transform(EmbeddedDigits.load(spark, 1))
          .filter("prediction = label").count();
      assertTrue(predicted > 0.9 * 1797, "loaded model right on " + predicted + " of 1797");
    } finally {
      spark.stop();
    }
  }

  @Test
  void badArgumentsGiveOneLineAndExitCodeTwo() throws Exception {
    Result r = sparkSubmit("--epochs", "zero");
    assertEquals(2, r.code, r.output);
    List<String> ours = r.output.lines().filter(l -> l.startsWith("Train:"))
        .collect(Collectors.toList());
    assertEquals(List.of("Train: --epochs must be a whole number > 0, got 'zero'"), ours);
    Result help = sparkSubmit("--help");
    assertEquals(0, help.code, help.output);
    assertTrue(help.output.contains("--model-out"), help.output);
  }

  @Test
  void runningOutOfMemoryNamesTheSettingToRaise() throws Exception {
    // 30,000 images of 100 x 100 pixels: 2.4 GB as the driver's double vectors, a few hundred
    // kilobytes gzipped. Spark itself needs about 450 MB of heap to start.
    Path images = dir.resolve("big-images-idx3-ubyte.gz");
    int count = 30_000;
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(images)))) {
      out.writeInt(2051);
      out.writeInt(count);
      out.writeInt(100);
      out.writeInt(100);
      byte[] image = new byte[100 * 100];
      for (int i = 0; i < count; i++) {
        out.write(image);
      }
    }
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(
            dir.resolve("big-labels-idx1-ubyte.gz"))))) {
      out.writeInt(2049);
      out.writeInt(count);
      out.write(new byte[count]);
    }
    Result r = sparkSubmitWithHeap("600m", "--data", images.toString(), "--format", "idx");
    assertEquals(Train.OUT_OF_MEMORY, r.code, r.output);
    List<String> ours = r.output.lines().filter(l -> l.startsWith("Train ran out of memory"))
        .collect(Collectors.toList());
    assertEquals(1, ours.size(), r.output);
    assertTrue(ours.get(0).startsWith("Train ran out of memory while reading " + images + " ("),
        ours.get(0));
    assertTrue(ours.get(0).contains("Give the driver more memory: --driver-memory ")
        && ours.get(0).contains("-Xmx"), ours.get(0));
  }
}
