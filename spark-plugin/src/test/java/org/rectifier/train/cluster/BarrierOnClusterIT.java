package org.rectifier.train.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.ConvNetClassificationModel;
import org.rectifier.ml.ConvNetClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.cluster.ListeningPorts;
import org.rectifier.testing.cluster.StandaloneCluster;

/**
 * Barrier training on a real standalone cluster (Master, Workers and executors in child JVMs,
 * this JVM the driver): the same bits as one job per step and as local mode, a fit that port
 * scanners do not disturb, and training that stops when its job group is cancelled or its
 * thread interrupted.
 */
class BarrierOnClusterIT {

  @TempDir
  static Path dir;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void start() throws IOException {
    cluster = StandaloneCluster.builder(dir).workers(3).coresPerWorker(1).workerMemoryMb(1024)
        .executorMemoryMb(768).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static SparkSession clusterSession(int executors) throws InterruptedException {
    SparkConf conf = cluster.driverConf().setAppName("barrier-" + executors)
        .set("spark.cores.max", Integer.toString(executors));
    return ClusterFits.session(conf, executors);
  }

  @Test
  void sameBitsAsJobPerStepAndLocalModeWithTwoAndThreeExecutors() throws Exception {
    Map<Integer, double[]> local = new HashMap<>();
    Map<Integer, double[]> localValidation = new HashMap<>();
    Map<Integer, double[]> localConv = new HashMap<>();
    SparkSession spark = SparkSession.builder().master("local[3]").appName("local-reference")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    try {
      for (int p : new int[] {2, 3}) {
        Dataset<Row> data = ClusterFits.data(spark, 600, p);
        MLPClassificationModel barrier = ClusterFits.fit(ClusterFits.estimator("barrier"), data);
        MLPClassificationModel perStep =
            ClusterFits.fit(ClusterFits.estimator("jobPerStep"), data);
        assertArrayEquals(perStep.weights().toArray(), barrier.weights().toArray());
        local.put(p, barrier.weights().toArray());
        localValidation.put(p, barrier.summary().validationLossHistory());
        localConv.put(p, convNet().fit(data).weights().toArray());
      }
    } finally {
      spark.stop();
    }
    for (int executors : new int[] {2, 3}) {
      spark = clusterSession(executors);
      try {
        Dataset<Row> data = ClusterFits.data(spark, 600, executors);
        MLPClassificationModel barrier = ClusterFits.fit(ClusterFits.estimator("barrier"), data);
        MLPClassificationModel perStep =
            ClusterFits.fit(ClusterFits.estimator("jobPerStep"), data);
        String what = executors + " executors";
        assertArrayEquals(local.get(executors), barrier.weights().toArray(), what);
        assertArrayEquals(local.get(executors), perStep.weights().toArray(), what);
        assertArrayEquals(localValidation.get(executors),
            barrier.summary().validationLossHistory(), what);
        // The gradients and parameters really crossed the network, among the executors.
        assertTrue(barrier.summary().trafficHistory().get(0).taskBytesOut > 0, what);
        ConvNetClassificationModel conv = convNet().fit(data);
        assertArrayEquals(localConv.get(executors), conv.weights().toArray(), "conv net, " + what);
        assertTrue(conv.summary().trafficHistory().get(0).taskBytesOut > 0, what);
      } finally {
        spark.stop();
      }
    }
  }

  /**
   * A conv net over the same rows, each 8 features as a 2x4 one-channel image: conv layers,
   * pooling and per-channel PReLU slopes in the flat array the executors shard.
   */
  private static ConvNetClassifier convNet() {
    return new ConvNetClassifier().setInputShape(new int[] {2, 4, 1})
        .setArchitecture("conv2d(4,2x2,prelu,padding=same) maxpool(2x2) flatten dense(16,relu)")
        .setBatchSize(32).setMaxIter(3).setSeed(12).setValidationFraction(0.2);
  }

  /**
   * A port scanner, a health probe, a client that connects and says nothing: none of them may
   * stall or abort a fit. Every TCP port the driver (this JVM) and the executors listen on gets
   * one connection closed at once, one that sends 64 random bytes, and one held silently open
   * until the fit ends.
   */
  @Test
  void strayConnectionsToEveryPortDoNotDisturbAFit() throws Exception {
    SparkSession spark = clusterSession(2);
    List<Socket> held = new ArrayList<>();
    try {
      Dataset<Row> data = ClusterFits.data(spark, 4000, 2);
      MLPClassifier est = ClusterFits.estimator("barrier").setMaxIter(6).setBatchSize(16);
      ClusterFits.fit(est.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(1), data);
      long t0 = System.nanoTime();
      double[] quiet = ClusterFits.fit(est, data).weights().toArray();
      double quietSeconds = (System.nanoTime() - t0) / 1e9;

      var started = ClusterFits.jobStarted(spark.sparkContext(), "(barrier)");
      ClusterFits.Background fit = new ClusterFits.Background(spark, "stray", est, data);
      started.get(60, TimeUnit.SECONDS);
      Thread.sleep(300);
      List<Long> pids = new ArrayList<>(cluster.executorPids());
      pids.add(ProcessHandle.current().pid());
      SortedSet<Integer> ports = ListeningPorts.of(pids);
      SecureRandom random = new SecureRandom();
      for (int port : ports) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException ignored) {
          // A port that went away (an ephemeral listener) is fine.
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
          byte[] junk = new byte[64];
          random.nextBytes(junk);
          OutputStream out = s.getOutputStream();
          out.write(junk);
          out.flush();
        } catch (IOException ignored) {
          // The server may close on garbage before we do.
        }
        Socket silent = new Socket();
        try {
          silent.connect(new InetSocketAddress("127.0.0.1", port), 2000);
          held.add(silent);
        } catch (IOException e) {
          silent.close();
        }
      }
      assertTrue(fit.done.await(5, TimeUnit.MINUTES), "the fit did not end");
      assertNull(fit.failure, () -> "the fit failed: " + fit.failure);
      double strayedSeconds = (fit.endNanos - t0) / 1e9 - quietSeconds;
      assertTrue(ports.size() >= 6, "driver and executors listen on several ports: " + ports);
      assertTrue(held.size() >= ports.size() / 2, "silent connections held: " + held.size());
      assertArrayEquals(quiet, fit.model.weights().toArray(), "strays changed the result");
      assertTrue(strayedSeconds <= 1.5 * quietSeconds, String.format(
          "with stray connections to %d ports the fit took %.1f s, without %.1f s", ports.size(),
          strayedSeconds, quietSeconds));
    } finally {
      for (Socket s : held) {
        s.close();
      }
      spark.stop();
    }
  }

  /**
   * A host that vanishes without closing its sockets (here: an executor frozen with SIGSTOP, so
   * its connections stay open and nothing is sent) fails the step once the collective's timeout
   * passes, with a message that names the silent partition's executor and host, instead of
   * holding the driver on a socket; the driver has the cluster manager replace the silent
   * executor (with maxFailures=1 the fit then gives up, saying so).
   */
  @Test
  void aFrozenExecutorFailsTheStepWithinTheTimeoutNamingIt() throws Exception {
    SparkConf conf = cluster.driverConf().setAppName("frozen").set("spark.cores.max", "2")
        .set("spark.rectifier.collective.timeout", "6s");
    SparkSession spark = ClusterFits.session(conf, 2);
    org.rectifier.testing.cluster.ExecutorProcess frozen = null;
    try {
      Dataset<Row> data = ClusterFits.data(spark, 4000, 2);
      data.count();
      MLPClassifier est = ClusterFits.estimator("barrier").setMaxIter(100_000).setTol(0)
          .setBatchSize(8).setMaxFailures(1);
      var started = ClusterFits.jobStarted(spark.sparkContext(), "(barrier)");
      ClusterFits.Background fit = new ClusterFits.Background(spark, "frozen", est, data);
      started.get(60, TimeUnit.SECONDS);
      Thread.sleep(1500);
      frozen = cluster.executors().get(0);
      new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor();
      long t0 = System.nanoTime();
      assertTrue(fit.done.await(60, TimeUnit.SECONDS), "fit() did not return");
      double seconds = (fit.endNanos - t0) / 1e9;
      assertNotNull(fit.failure, "fit() must fail when a peer goes silent");
      String m = fit.failure.getMessage();
      // Frozen in a step, it sent nothing; frozen between jobs, it never joined the next.
      assertTrue((m.contains("nothing came") || m.contains("never joined"))
          && m.contains("(executor " + frozen.executorId() + " on 127.0.0.1)")
          && m.contains("spark.rectifier.collective.timeout"), m);
      assertTrue(seconds < 30, "failed " + seconds + " s after the executor froze");
      long pid = frozen.pid();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (cluster.executorPids().contains(pid) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(!cluster.executorPids().contains(pid), "the silent executor was not replaced");
      frozen = null;
    } finally {
      if (frozen != null) {
        new ProcessBuilder("kill", "-CONT", Long.toString(frozen.pid())).start().waitFor();
      }
      spark.stop();
    }
  }

  @Test
  void cancellingTheJobGroupStopsTrainingWithinSeconds() throws Exception {
    stopsWithinSeconds(false);
  }

  @Test
  void interruptingTheFitThreadLeavesNoTaskRunning() throws Exception {
    stopsWithinSeconds(true);
  }

  private void stopsWithinSeconds(boolean interrupt) throws Exception {
    SparkSession spark = clusterSession(2);
    try {
      Dataset<Row> data = ClusterFits.data(spark, 4000, 2);
      data.count();
      // Hours of training if nothing stops it.
      MLPClassifier est = ClusterFits.estimator("barrier").setMaxIter(100_000).setTol(0)
          .setBatchSize(8);
      var started = ClusterFits.jobStarted(spark.sparkContext(), "(barrier)");
      ClusterFits.Background fit = new ClusterFits.Background(spark, "stoppable", est, data);
      started.get(60, TimeUnit.SECONDS);
      Thread.sleep(1500);
      // Between two jobs no task runs for a moment: wait for a job's tasks.
      long running = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ClusterFits.runningTasks(spark.sparkContext()) < 2 && System.nanoTime() < running) {
        Thread.sleep(5);
      }
      assertTrue(ClusterFits.runningTasks(spark.sparkContext()) == 2, "training tasks running");
      long t0 = System.nanoTime();
      if (interrupt) {
        fit.thread.interrupt();
      } else {
        spark.sparkContext().cancelJobGroup("stoppable");
      }
      assertTrue(fit.done.await(30, TimeUnit.SECONDS), "fit() did not return");
      double seconds = (fit.endNanos - t0) / 1e9;
      assertNotNull(fit.failure, "fit() must fail when stopped");
      assertTrue(seconds < 5, "fit() returned " + seconds + " s after being stopped");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ClusterFits.runningTasks(spark.sparkContext()) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(0, ClusterFits.runningTasks(spark.sparkContext()),
          "tasks still running after the fit was stopped");
      assertEquals(0, spark.sparkContext().statusTracker().getActiveJobIds().length);
    } finally {
      spark.stop();
    }
  }
}
