package org.rectifier.ml.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.ConvNetClassificationModel;
import org.rectifier.ml.ConvNetClassifier;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;

/**
 * Rectifier over Spark Connect (Spark 4): a Connect server in this JVM's Spark, and in a child
 * JVM a client with nothing but Spark's thin JVM Connect client on its classpath
 * ({@code connect-client}'s {@code ConnectFit}), which finds {@code MLPClassifier} by name,
 * fits it, fetches its summary's loss history, transforms, saves the model and reads it back,
 * all through the ML protocol's commands. Everything it gets must equal a fit made directly in
 * this JVM on the same rows: the history, the predictions and the saved weights, bit for bit.
 */
class ConnectIT {

  private static final String[] JAVA17_OPENS = {
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "-Dio.netty.tryReflectionSetAccessible=true"};

  @TempDir
  Path dir;

  @Test
  void aFitOverConnectEqualsADirectFit() throws Exception {
    int port = freePort();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("connect-server")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
        .config("spark.connect.grpc.binding.address", "127.0.0.1")
        .config("spark.connect.grpc.binding.port", Integer.toString(port))
        .getOrCreate();
    try {
      Path data = writeLibsvm(dir.resolve("train.libsvm"), 240, 4, 3);
      Dataset<Row> rows = spark.read().format("libsvm").option("numFeatures", "4")
          .load(data.toString());
      MLPClassificationModel direct = new MLPClassifier().setHiddenLayers(new int[] {16})
          .setActivation("leaky_relu").setMaxIter(4).setBatchSize(16).setSeed(7)
          .setStepSize(0.01).fit(rows);
      List<String> expectedPredictions = new ArrayList<>();
      for (Row r : direct.transform(rows).select("prediction").collectAsList()) {
        expectedPredictions.add(String.format(Locale.ROOT, "%.1f", r.getDouble(0)));
      }
      StringBuilder expectedHistory = new StringBuilder();
      for (double loss : direct.summary().lossHistory()) {
        expectedHistory.append(expectedHistory.length() == 0 ? "" : ",").append(loss);
      }

      ConvNetClassificationModel conv = new ConvNetClassifier()
          .setArchitecture("conv2d(3,1x2,relu) flatten dense(8,relu)")
          .setInputShape(new int[] {1, 4, 1}).setMaxIter(4).setBatchSize(16).setSeed(7)
          .setStepSize(0.01).fit(rows);
      List<String> expectedConv = new ArrayList<>();
      for (Row r : conv.transform(rows).select("prediction").collectAsList()) {
        expectedConv.add(String.format(Locale.ROOT, "%.1f", r.getDouble(0)));
      }

      Path modelDir = dir.resolve("model-over-connect");
      Map<String, String> out = runClient("sc://127.0.0.1:" + port, data, modelDir);

      assertEquals(expectedHistory.toString(), out.get("history"),
          "the summary's objectiveHistory fetched over Connect");
      assertEquals(String.join(",", expectedPredictions), out.get("predictions"),
          "predictions of the model fitted over Connect");
      assertEquals(out.get("predictions"), out.get("reloaded"),
          "predictions of the model written and read back over Connect");
      assertEquals(String.join(",", expectedConv), out.get("convnet"),
          "predictions of a ConvNetClassifier fitted over Connect");
      MLPClassificationModel saved = MLPClassificationModel.load(modelDir.toString());
      assertArrayEquals(direct.weights().toArray(), saved.weights().toArray(),
          "weights fitted over Connect against a direct fit");
    } finally {
      spark.stop();
    }
  }

  /** Runs the client in a child JVM; its lines "key value..." by key. */
  private static Map<String, String> runClient(String remote, Path data, Path modelDir)
      throws IOException, InterruptedException {
    String home = System.getProperty("rectifier.connectClient");
    assertTrue(home != null && Files.isDirectory(Path.of(home, "classes")),
        "the connect-client module's build output (system property rectifier.connectClient): "
            + home + "; build it with -Pspark-4 first");
    String classpath = Path.of(home, "classes") + java.io.File.pathSeparator
        + Files.readString(Path.of(home, "client-classpath.txt")).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(JAVA17_OPENS));
    command.addAll(List.of("-cp", classpath, "org.rectifier.connect.ConnectFit", remote,
        data.toString(), modelDir.toString(), "4"));
    Path log = Files.createTempFile("connect-client", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended && p.exitValue() == 0, "the Connect client failed:\n" + output);
    Map<String, String> lines = new HashMap<>();
    for (String line : output.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        lines.putIfAbsent(line.substring(0, space), line.substring(space + 1).trim());
      }
    }
    return lines;
  }

  /** {@code rows} rows of {@code classes} Gaussian blobs in {@code features} dimensions. */
  private static Path writeLibsvm(Path file, int rows, int features, int classes)
      throws IOException {
    Random random = new Random(3);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      int label = i % classes;
      s.append(label);
      for (int f = 0; f < features; f++) {
        double x = (f % classes == label ? 1.5 : 0) + random.nextGaussian() * 0.6;
        s.append(' ').append(f + 1).append(':').append(String.format(Locale.ROOT, "%.6f", x));
      }
      s.append('\n');
    }
    Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
