package org.rectifier.testing.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the cluster harness: jobs from this JVM run in executor JVMs of a real standalone
 * cluster, executors can be found and SIGKILLed, authentication is really on when configured,
 * and the packet capture sees what crosses loopback. Clusters are started per nested class, as
 * their Spark settings differ; the outer tests need no cluster.
 */
class StandaloneClusterIT {

  private static final Duration EXECUTORS_UP = Duration.ofSeconds(120);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void testClasspathHasTheModuleAndItsDependencies() {
    String cp = ChildJvm.testClasspath();
    // Executors load Rectifier and test classes from it: the module itself and Spark must be in.
    // target/classes on the default line, target/spark-4/classes on the Spark 4 line.
    assertTrue(cp.matches("(?s).*target/(spark-4/)?classes.*") || cp.contains("rectifier-spark_"),
        cp);
    assertTrue(cp.matches("(?s).*target/(spark-4/)?test-classes.*"), cp);
    assertTrue(cp.contains("spark-core_2.1"), cp);
  }

  @Test
  void listeningPortsSeesOnlyListeningSocketsOfAProcess() throws IOException {
    long self = ProcessHandle.current().pid();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int v4;
    int wildcard;
    int clientPort;
    try (ServerSocket s4 = new ServerSocket(0, 1, loopback);
        ServerSocket any = new ServerSocket(0); // "::" on a dual-stack JVM: listed in tcp6
        Socket client = new Socket(loopback, s4.getLocalPort());
        Socket accepted = s4.accept()) {
      v4 = s4.getLocalPort();
      wildcard = any.getLocalPort();
      clientPort = client.getLocalPort();
      Set<Integer> ports = ListeningPorts.of(self);
      assertTrue(ports.containsAll(List.of(v4, wildcard)), ports.toString());
      assertFalse(ports.contains(clientPort), "an established socket is not listening");
      assertTrue(ListeningPorts.listeners(List.of(self))
          .contains(new ListeningPorts.Listener(loopback, v4)), "address decoded");
      assertTrue(accepted.isConnected());
    }
    Set<Integer> after = ListeningPorts.of(self);
    assertFalse(after.contains(v4) || after.contains(wildcard), after.toString());
  }

  @Test
  void captureFindsBytesSentOverLoopbackAndNotOthers(@TempDir Path dir) throws IOException {
    byte[] sent = new byte[64];
    byte[] neverSent = new byte[64];
    RANDOM.nextBytes(sent);
    RANDOM.nextBytes(neverSent);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (PacketCapture capture = PacketCapture.start(dir)) {
      try (ServerSocket server = new ServerSocket(0, 1, loopback);
          Socket client = new Socket(loopback, server.getLocalPort());
          Socket accepted = server.accept()) {
        client.getOutputStream().write(sent);
        client.getOutputStream().flush();
        assertArrayEquals(sent, accepted.getInputStream().readNBytes(sent.length));
      }
      capture.stop();
      assertEquals(0, capture.packetsDropped(), "packets lost: the search would be unsound");
      byte[] pcap = capture.bytes();
      assertTrue(PacketCapture.count(pcap, sent) >= 1, "sent pattern not in the capture");
      assertEquals(0, PacketCapture.count(pcap, neverSent));
    }
  }

  @Test
  void countFindsOverlappingAndEdgeMatches() {
    byte[] hay = {1, 1, 1, 2, 1, 1};
    assertEquals(3, PacketCapture.count(hay, new byte[] {1, 1}));
    assertEquals(1, PacketCapture.count(hay, new byte[] {2, 1, 1}));
    assertEquals(0, PacketCapture.count(hay, new byte[] {1, 1, 1, 1}));
  }

  /** Cluster without security: jobs, executor processes, SIGKILL of an executor. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PlainCluster {

    StandaloneCluster cluster;
    SparkSession spark;
    JavaSparkContext jsc;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
      cluster = StandaloneCluster.builder(dir).workers(2).coresPerWorker(1).start();
      spark = SparkSession.builder().config(cluster.driverConf())
          .appName("standalone-cluster-it").getOrCreate();
      jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    void stop() {
      stopSession(spark);
      if (cluster != null) {
        cluster.close();
        assertTrue(cluster.executors().isEmpty(), "executors left behind");
        assertFalse(ProcFs.running(cluster.masterPid()), "master left behind");
      }
    }

    @Test
    void jobRunsInExecutorJvmsThatAreWorkerChildren() {
      assertEquals(2, cluster.awaitExecutors(jsc.sc(), 2, EXECUTORS_UP));
      List<Integer> data = IntStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList());
      long sumOfSquares = jsc.parallelize(data, 4).map(x -> (long) x * x).reduce(Long::sum);
      assertEquals(333_833_500L, sumOfSquares);

      long self = ProcessHandle.current().pid();
      List<ExecutorProcess> executors = appExecutors(cluster, jsc.sc());
      assertEquals(2, executors.size(), executors.toString());
      Set<Long> executorPids = new HashSet<>();
      for (ExecutorProcess e : executors) {
        assertNotEquals(self, e.pid());
        assertTrue(cluster.workerPids().contains(e.parentPid()), e + " not a worker's child");
        assertFalse(ListeningPorts.of(e.pid()).isEmpty(), e + " listens on nothing");
        executorPids.add(e.pid());
      }
      // Where tasks really ran: in those JVMs, never in this one.
      Set<Long> taskPids = new HashSet<>(jsc.parallelize(List.of(0, 1, 2, 3), 4)
          .map(i -> ProcessHandle.current().pid()).collect());
      assertTrue(executorPids.containsAll(taskPids), taskPids + " vs " + executorPids);
      assertFalse(ListeningPorts.of(cluster.masterPid()).isEmpty());
    }

    @Test
    void jobSurvivesSigkillOfAnExecutor() throws Exception {
      cluster.awaitExecutors(jsc.sc(), 2, EXECUTORS_UP);
      LostTasks lost = new LostTasks();
      jsc.sc().addSparkListener(lost);
      try {
        // 6 tasks of 1.5 s on 2 one-core executors: time to kill one mid-task.
        CompletableFuture<Long> job = CompletableFuture.supplyAsync(() ->
            jsc.parallelize(List.of(0, 1, 2, 3, 4, 5), 6).map(i -> {
              Thread.sleep(1500);
              return (long) i;
            }).reduce(Long::sum));
        awaitRunningTasks(jsc.sc(), 2);
        long victim = appExecutors(cluster, jsc.sc()).get(0).pid();
        cluster.killExecutor(victim);
        assertFalse(ProcFs.running(victim));

        assertEquals(15L, job.get(180, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lost.count.get() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(100); // the listener bus delivers asynchronously
        }
        assertTrue(lost.count.get() >= 1, "no task was lost: the kill hit no running task");
        // The worker launches a replacement JVM, which later tests that kill executors rely on
        // (its registration with the driver takes seconds more; the next user waits for that).
        deadline = System.nanoTime() + EXECUTORS_UP.toNanos();
        List<ExecutorProcess> now = appExecutors(cluster, jsc.sc());
        while (now.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(100);
          now = appExecutors(cluster, jsc.sc());
        }
        assertEquals(2, now.size(), "no replacement executor: " + now);
        assertTrue(now.stream().noneMatch(e -> e.pid() == victim), now.toString());
      } finally {
        jsc.sc().removeSparkListener(lost);
      }
    }
  }

  /**
   * Cluster with spark.authenticate and AES network encryption: jobs still run (the workers hand
   * the secret to executors), Spark's handshake refuses a wrong secret and accepts the right one.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AuthenticatedCluster {

    final String secret = HexFormat.of().formatHex(RANDOM.generateSeed(16));
    final Map<String, String> crypto = Map.of("spark.network.crypto.enabled", "true");
    StandaloneCluster cluster;
    SparkSession spark;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
      cluster = StandaloneCluster.builder(dir).workers(1).coresPerWorker(1)
          .conf("spark.authenticate", "true")
          .conf("spark.authenticate.secret", secret)
          .conf("spark.network.crypto.enabled", "true")
          .start();
      spark = SparkSession.builder().config(cluster.driverConf())
          .appName("standalone-cluster-auth-it").getOrCreate();
    }

    @AfterAll
    void stop() {
      stopSession(spark);
      if (cluster != null) {
        cluster.close();
      }
    }

    @Test
    void jobRunsAndOnlyTheSecretOpensTheDriverAndMasterPorts() {
      SparkContext sc = spark.sparkContext();
      cluster.awaitExecutors(sc, 1, EXECUTORS_UP);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
      assertEquals(5050L, (long) jsc.parallelize(
          IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList()), 4)
          .map(Integer::longValue).reduce(Long::sum));

      int driverPort = Integer.parseInt(sc.getConf().get("spark.driver.port"));
      for (int port : List.of(driverPort, cluster.masterPort())) {
        SparkAuthProbe.Result wrong = SparkAuthProbe.probe("127.0.0.1", port,
            SparkAuthProbe.RPC_USER, secret + "x", crypto);
        assertFalse(wrong.authenticated(), "port " + port + " accepted a wrong secret");
        assertTrue(wrong.error().contains("Authentication failed"), wrong.error());
        SparkAuthProbe.Result right = SparkAuthProbe.probe("127.0.0.1", port,
            SparkAuthProbe.RPC_USER, secret, crypto);
        assertTrue(right.authenticated(), "port " + port + ": " + right.error());
      }
    }
  }

  /** Executors of {@code sc}'s application, by the app id on their command lines. */
  private static List<ExecutorProcess> appExecutors(StandaloneCluster cluster, SparkContext sc) {
    return cluster.executors().stream().filter(e -> e.appId().equals(sc.applicationId()))
        .collect(Collectors.toList());
  }

  private static void awaitRunningTasks(SparkContext sc, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      int running = 0;
      for (SparkExecutorInfo info : sc.statusTracker().getExecutorInfos()) {
        running += info.numRunningTasks();
      }
      if (running >= n) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(n + " tasks were not running within 60 s");
  }

  private static void stopSession(SparkSession spark) {
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  /** Counts tasks that ended because their executor was lost. */
  private static final class LostTasks extends SparkListener {
    final AtomicInteger count = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.reason() instanceof ExecutorLostFailure) {
        count.incrementAndGet();
      }
    }
  }
}
