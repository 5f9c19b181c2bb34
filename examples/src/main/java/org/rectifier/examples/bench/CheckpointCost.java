package org.rectifier.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activations;
import org.rectifier.train.TrainerConfig;
import org.rectifier.train.checkpoint.Checkpoint;
import org.rectifier.train.checkpoint.CheckpointStore;
import org.rectifier.train.checkpoint.FitFingerprint;

/**
 * What a checkpoint of the benchmark's network costs: bytes, and seconds to write and to read
 * back (best of 5, local disk), for the weights and Adam's two state arrays.
 */
final class CheckpointCost {

  private CheckpointCost() {}

  static void report(Report report, double[] weights, int[] layers) throws Exception {
    Topology topology = Topology.classifier(layers, Activations.create("relu", Double.NaN));
    TrainerConfig config = new TrainerConfig("adam", 0.001, 0, 256, 5, 0, 1, 0, "bench", true,
        0, null, 1, 4);
    FitFingerprint fp = FitFingerprint.of(topology, config, 60_000, false, null);
    Checkpoint c = new Checkpoint(1, fp, weights, "adam", 235,
        new double[][] {weights.clone(), weights.clone()}, 1.0, 0, List.of(), List.of(), null);
    Path dir = Files.createTempDirectory("rectifier-checkpoint-bench");
    try {
      CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration());
      double write = Double.MAX_VALUE;
      double read = Double.MAX_VALUE;
      long bytes = 0;
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        bytes = store.write(c);
        write = Math.min(write, (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        store.latest();
        read = Math.min(read, (System.nanoTime() - t0) / 1e9);
      }
      report.add("9-recovery", "checkpoint of 784-256-256-10 (weights + Adam state)", bytes / 1e6,
          "MB");
      report.add("9-recovery", "checkpoint write (temp dir, rename, prune)", write, "s",
          "best of 5, local disk");
      report.add("9-recovery", "checkpoint read back (CRC checked)", read, "s", "best of 5");
    } finally {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
