package org.rectifier.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.RangeBlobs;
import org.rectifier.testing.cluster.ChildJvm;

/**
 * A driver killed with SIGKILL (a crashed notebook kernel, a job killed by its scheduler) loses
 * only the epochs since its last checkpoint: a new fit with the same params, data and
 * checkpointDir resumes and ends with the weights of a fit that was never stopped, also when
 * the driver died in the middle of writing a checkpoint.
 */
class DriverRestartIT {

  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static double[] uninterrupted;

  static Dataset<Row> data(SparkSession spark) {
    return RangeBlobs.create(spark, 6000, 2, 8, 3, 21).cache();
  }

  static MLPClassifier estimator() {
    return new MLPClassifier().setHiddenLayers(new int[] {64, 64}).setActivation("relu")
        .setBatchSize(16).setMaxIter(6).setSeed(77).setValidationFraction(0.1);
  }

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("driver-restart")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    uninterrupted = estimator().fit(data(spark)).weights().toArray();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Starts {@link CheckpointedFitMain} on {@code checkpointDir}; kills it when {@code ready}. */
  private static void runAndKill(String checkpointDir, Path ready, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildJvm.javaExecutable());
    cmd.addAll(ChildJvm.sparkJvmOptions());
    cmd.addAll(List.of("-Xmx1g", "-cp", ChildJvm.testClasspath(),
        CheckpointedFitMain.class.getName(), checkpointDir));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(ready)) {
        assertTrue(p.isAlive(), () -> "the fit ended before it could be killed:\n" + tail(log));
        assertTrue(System.nanoTime() < deadline, () -> "nothing to kill after 3 min:\n"
            + tail(log));
        Thread.sleep(20);
      }
      p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static List<String> entries(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void aKilledDriversFitResumesToTheBitsOfAnUninterruptedOne() throws Exception {
    Path checkpoints = dir.resolve("killed-after-epoch-2");
    runAndKill(checkpoints.toString(), checkpoints.resolve("epoch-000002"),
        dir.resolve("killed.log"));
    MLPClassificationModel resumed = estimator().setCheckpointDir(checkpoints.toString())
        .fit(data(spark));
    assertTrue(resumed.summary().resumedFromEpoch() >= 2, "resumed from "
        + resumed.summary().resumedFromEpoch());
    assertEquals(6, resumed.summary().totalIterations());
    assertArrayEquals(uninterrupted, resumed.weights().toArray());
  }

  @Test
  void aDriverKilledWhileWritingACheckpointLeavesThePreviousOneUsable() throws Exception {
    Path checkpoints = dir.resolve("killed-while-writing");
    Files.createDirectories(checkpoints);
    runAndKill("stallfs://" + checkpoints, checkpoints.resolve("STALLED"),
        dir.resolve("stalled.log"));
    List<String> left = entries(checkpoints);
    assertTrue(left.contains("epoch-000002"), left.toString());
    assertFalse(left.contains("epoch-000003"), "a half-written checkpoint took its place");
    assertTrue(left.stream().anyMatch(n -> n.startsWith("_tmp-epoch-000003")), left.toString());
    MLPClassificationModel resumed = estimator().setCheckpointDir(checkpoints.toString())
        .fit(data(spark));
    assertEquals(2, resumed.summary().resumedFromEpoch());
    assertArrayEquals(uninterrupted, resumed.weights().toArray());
  }
}
