package org.rectifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.RangeBlobs;
import org.rectifier.testing.SparkTestSupport;

/**
 * Checkpoints across fits: a fit with the same params, data and {@code checkpointDir} resumes
 * from the latest complete checkpoint and ends with the bits of a fit that was never stopped;
 * anything else in the directory is refused or skipped, never mixed in.
 */
class CheckpointTest {

  private static SparkSession spark;
  private static Dataset<Row> data;
  private static MLPClassificationModel uninterrupted;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    data = RangeBlobs.create(spark, 600, 2, 6, 3, 7).cache();
    uninterrupted = estimator().setMaxIter(5).fit(data);
  }

  private static MLPClassifier estimator() {
    return new MLPClassifier().setHiddenLayers(new int[] {16}).setActivation("leaky_relu")
        .setBatchSize(16).setSeed(9).setValidationFraction(0.2).setRegParam(1e-3);
  }

  private MLPClassifier checkpointed(int maxIter) {
    return estimator().setMaxIter(maxIter).setCheckpointDir(dir.toString());
  }

  private List<String> checkpoints() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void aStoppedFitResumesFromItsLatestCheckpointToTheBitsOfAnUninterruptedOne()
      throws IOException {
    MLPClassificationModel first = checkpointed(3).fit(data);
    assertFalse(first.summary().resumed());
    assertEquals(List.of("epoch-000002", "epoch-000003"), checkpoints(), "the two newest kept");
    MLPClassificationModel resumed = checkpointed(5).fit(data);
    assertEquals(3, resumed.summary().resumedFromEpoch());
    assertArrayEquals(uninterrupted.weights().toArray(), resumed.weights().toArray());
    assertArrayEquals(uninterrupted.summary().lossHistory(), resumed.summary().lossHistory());
    assertArrayEquals(uninterrupted.summary().validationLossHistory(),
        resumed.summary().validationLossHistory());
    assertEquals(List.of("epoch-000004", "epoch-000005"), checkpoints());
    // Nothing left to train: the same weights at once.
    MLPClassificationModel again = checkpointed(5).fit(data);
    assertEquals(5, again.summary().resumedFromEpoch());
    assertArrayEquals(uninterrupted.weights().toArray(), again.weights().toArray());
  }

  @Test
  void aCheckpointOfAnotherFitIsRefusedNamingBothSides() {
    checkpointed(2).fit(data);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> checkpointed(4).setBatchSize(32).setSeed(10).fit(data));
    String m = e.getMessage();
    assertTrue(m.contains("belongs to a different fit") && m.contains(dir.toString()), m);
    assertTrue(m.contains("batchSize: 16 in the checkpoint, 32 in this fit"), m);
    assertTrue(m.contains("seed: 9 in the checkpoint, 10 in this fit"), m);
  }

  @Test
  void aCorruptOrHalfWrittenCheckpointIsSkippedForTheOneBefore() throws IOException {
    checkpointed(3).fit(data);
    // The newest checkpoint lost its tail (a crash of the store, a partial copy) ...
    Path state = dir.resolve("epoch-000003").resolve("state.bin");
    try (FileChannel ch = FileChannel.open(state, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    // ... and a write that never finished left its temporary directory.
    Files.createDirectories(dir.resolve("_tmp-epoch-000004-dead"));
    Files.writeString(dir.resolve("_tmp-epoch-000004-dead").resolve("state.bin"), "garbage");
    MLPClassificationModel resumed = checkpointed(5).fit(data);
    assertEquals(2, resumed.summary().resumedFromEpoch());
    assertArrayEquals(uninterrupted.weights().toArray(), resumed.weights().toArray());
  }

  @Test
  void aCheckpointDirThatIsAFileFailsBeforeAnyJob() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> estimator().setMaxIter(1).setCheckpointDir(file.toString()).fit(data));
    assertTrue(e.getMessage().startsWith("Param checkpointDir is '" + file + "'"),
        e.getMessage());
  }

  @Test
  void checkpointIntervalSpacesTheCheckpointsAndTheLastEpochIsAlwaysSaved() throws IOException {
    estimator().setMaxIter(5).setCheckpointDir(dir.toString()).setCheckpointInterval(2)
        .fit(data);
    assertEquals(List.of("epoch-000004", "epoch-000005"), checkpoints());
    MLPClassificationModel copy = estimator().copy(new ParamMap()).setMaxIter(5)
        .setCheckpointDir(dir.toString()).fit(data);
    assertArrayEquals(uninterrupted.weights().toArray(), copy.weights().toArray());
  }
}
