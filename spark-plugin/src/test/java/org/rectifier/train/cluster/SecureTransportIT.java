package org.rectifier.train.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.cluster.ListeningPorts;
import org.rectifier.testing.cluster.PacketCapture;
import org.rectifier.testing.cluster.SparkAuthProbe;
import org.rectifier.testing.cluster.StandaloneCluster;

/**
 * What a security reviewer checks: with {@code spark.authenticate} and
 * {@code spark.network.crypto.enabled} on, training's traffic is as encrypted as Spark's own (a
 * loopback capture during a fit holds none of the weights' float32 bytes, while the same fit
 * without encryption shows them), and every port of the driver and the executors, Rectifier's
 * included, refuses a client without the secret.
 */
class SecureTransportIT {

  private static final String SECRET = "rectifier-it-secret-4f1c";

  @TempDir
  Path dir;

  @Test
  void encryptedFitShowsNoWeightsOnTheWireAndRefusesStrangers() throws Exception {
    Capture c = fitWhileCapturing(true);
    assertEquals(0, c.matches, "float32 runs of the initial weights in an encrypted capture of "
        + c.captureBytes + " bytes");
    assertTrue(c.captureBytes > 100_000, "the capture saw the fit's traffic: " + c.captureBytes);
    // Every port the driver and the executors listened on during the fit refused a wrong secret
    // and took the right one: Spark's own ports, and Rectifier's rendezvous and collective.
    assertTrue(c.probed.size() >= 6, "ports probed: " + c.probed);
    for (String failure : c.probeFailures) {
      throw new AssertionError(failure);
    }
  }

  /** The same fit in the clear: the capture must show the weights, or it proves nothing. */
  @Test
  void plainFitShowsTheWeightsOnTheWire() throws Exception {
    Capture c = fitWhileCapturing(false);
    assertTrue(c.matches > c.patterns / 2, c.matches + " matches of " + c.patterns
        + " float32 runs of the initial weights in a plain capture of " + c.captureBytes
        + " bytes: the sniffer is blind");
  }

  private static final class Capture {
    int patterns;
    int matches;
    long captureBytes;
    final List<Integer> probed = new ArrayList<>();
    final List<String> probeFailures = new ArrayList<>();
  }

  private static void probe(int port, Capture c) {
    c.probed.add(port);
    Map<String, String> crypto = Map.of("spark.network.crypto.enabled", "true");
    SparkAuthProbe.Result wrong = SparkAuthProbe.probe("127.0.0.1", port,
        SparkAuthProbe.RPC_USER, "not-the-secret", crypto);
    if (wrong.authenticated()) {
      c.probeFailures.add("port " + port + " accepted a wrong secret");
    }
    SparkAuthProbe.Result right = SparkAuthProbe.probe("127.0.0.1", port,
        SparkAuthProbe.RPC_USER, SECRET, crypto);
    if (!right.authenticated()) {
      c.probeFailures.add("port " + port + " refused the secret: " + right.error());
    }
  }

  private Capture fitWhileCapturing(boolean secure) throws Exception {
    StandaloneCluster.Builder b = StandaloneCluster.builder(Files.createDirectories(
        dir.resolve(secure ? "secure" : "plain"))).workers(2).coresPerWorker(1)
        .workerMemoryMb(1024).executorMemoryMb(768);
    if (secure) {
      b.conf("spark.authenticate", "true").conf("spark.authenticate.secret", SECRET)
          .conf("spark.network.crypto.enabled", "true");
    }
    try (StandaloneCluster cluster = b.start()) {
      SparkConf conf = cluster.driverConf().setAppName(secure ? "secure" : "plain");
      SparkSession spark = ClusterFits.session(conf, 2);
      try {
        Dataset<Row> data = ClusterFits.data(spark, 1200, 2);
        MLPClassifier est = ClusterFits.estimator("barrier").setValidationFraction(0)
            .setBatchSize(8).setMaxIter(4);
        double[] initial = ClusterFits.fit(est.copy(new org.apache.spark.ml.param.ParamMap())
            .setMaxIter(0), data).weights().toArray();
        Capture c = new Capture();
        MLPClassificationModel model;
        try (PacketCapture capture = PacketCapture.start(dir)) {
          var started = ClusterFits.jobStarted(spark.sparkContext(), "(barrier)");
          ClusterFits.Background fit = new ClusterFits.Background(spark, "captured", est, data);
          started.get(60, TimeUnit.SECONDS);
          Thread.sleep(500);
          if (secure) {
            List<Long> pids = new ArrayList<>(cluster.executorPids());
            pids.add(ProcessHandle.current().pid());
            for (int port : ListeningPorts.of(pids)) {
              probe(port, c);
            }
            assertEquals(1, fit.done.getCount(), "the fit ended before every port was probed");
          }
          assertTrue(fit.done.await(5, TimeUnit.MINUTES), "the fit did not end");
          if (fit.failure != null) {
            throw new AssertionError("the fit failed", fit.failure);
          }
          model = fit.model;
          capture.stop();
          assertEquals(0, capture.packetsDropped(), "the capture lost packets");
          byte[] bytes = capture.bytes();
          c.captureBytes = bytes.length;
          float[] w = new float[initial.length];
          for (int i = 0; i < w.length; i++) {
            w[i] = (float) initial[i];
          }
          // Runs of 3 random weights (12 bytes) every 7 parameters: short enough not to be
          // split by TCP segmentation often, long enough never to match by chance. Biases (0)
          // and prelu slopes (0.25) are constants that match padding and each other.
          for (int i = 0; i + 3 <= w.length; i += 7) {
            if (w[i] != w[i + 1] && w[i + 1] != w[i + 2] && w[i] * w[i + 1] * w[i + 2] != 0) {
              c.patterns++;
              c.matches += PacketCapture.count(bytes, PacketCapture.floatsLE(w, i, 3));
            }
          }
        }
        assertEquals(4, model.summary().totalIterations(), "the fit completed");
        assertTrue(model.summary().trafficHistory().get(0).taskBytesOut > 0,
            "training traffic crossed between the executors");
        return c;
      } finally {
        spark.stop();
      }
    }
  }
}
