package org.rectifier.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * A real Spark standalone cluster on loopback: one Master and N Workers, each a child JVM of
 * this test JVM, started from the Maven jars on the test classpath (no Spark distribution). The
 * test JVM is the driver: build a SparkSession with {@link #driverConf()}. Executors are the
 * workers' children, so tests can find them ({@link #executors()}), SIGKILL them, and inspect
 * their sockets.
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.builder(tempDir).workers(2).start()) {
 *   SparkSession spark = SparkSession.builder().config(cluster.driverConf()).getOrCreate();
 *   try {
 *     cluster.awaitExecutors(spark.sparkContext(), 2, Duration.ofSeconds(90));
 *     ...
 *   } finally {
 *     spark.stop(); // before the cluster goes, or stop() waits on a dead master
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #close()} SIGKILLs every process of the cluster, executors included, and a shutdown
 * hook does the same if the test JVM exits first. Linux only (it reads /proc).
 */
public final class StandaloneCluster implements AutoCloseable {

  private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
  private static final String EXECUTOR_CLASS =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final int MASTER_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Builder spec;
  private final Path dir;
  private final Path realDir;
  private final Path sparkHome;
  private final Path tmp;
  private final Path log4jConf;
  private final Path confFile;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Thread shutdownHook = new Thread(this::killAll, "standalone-cluster-reaper");
  private Process master;
  private int masterPort;
  private int masterWebPort;
  private final List<Process> workers = new ArrayList<>();
  private boolean closed;

  private StandaloneCluster(Builder spec) throws IOException {
    this.spec = spec;
    this.dir = Files.createDirectories(spec.dir.toAbsolutePath());
    this.realDir = dir.toRealPath();
    // Workers build the executor classpath from SPARK_HOME/jars; empty is fine because
    // spark.executor.extraClassPath brings everything.
    this.sparkHome = Files.createDirectories(dir.resolve("spark-home").resolve("jars")).getParent();
    // Child JVMs' temp files (native libs extracted by lz4, commons-crypto, netlib) stay here:
    // SIGKILLed executors never run deleteOnExit, and /tmp would collect them.
    this.tmp = Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(dir.resolve("logs"));
    this.log4jConf = writeLog4jConf(dir.resolve("log4j2-cluster.properties"));
    this.confFile = writeDaemonConf(dir.resolve("spark-daemons.conf"));
  }

  /** Starts describing a cluster whose logs, work dirs and scratch space live under {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Options of a cluster; {@link #start()} launches it. */
  public static final class Builder {
    private final Path dir;
    private int workers = 2;
    private int coresPerWorker = 1;
    private int workerMemoryMb = 1024;
    private int executorMemoryMb = 512;
    private int daemonHeapMb = 384;
    private Duration startTimeout = Duration.ofSeconds(120);
    private boolean distinctHosts;
    private final Map<String, String> conf = new LinkedHashMap<>();

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Number of Worker JVMs (default 2). */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /** Cores each worker offers (default 1); each application gets one executor per worker. */
    public Builder coresPerWorker(int cores) {
      this.coresPerWorker = cores;
      return this;
    }

    /** Memory each worker offers to executors (default 1024 MB). */
    public Builder workerMemoryMb(int mb) {
      this.workerMemoryMb = mb;
      return this;
    }

    /**
     * Heap of each executor (default 512 MB; Spark refuses less than 450 MB). Must fit the
     * worker's memory, or the master never launches an executor and jobs wait forever.
     */
    public Builder executorMemoryMb(int mb) {
      this.executorMemoryMb = mb;
      return this;
    }

    /** Heap of the Master and Worker JVMs themselves (default 384 MB). */
    public Builder daemonHeapMb(int mb) {
      this.daemonHeapMb = mb;
      return this;
    }

    /**
     * Gives worker i (and its executors) the loopback address 127.0.0.(2+i) instead of
     * 127.0.0.1, so that Spark sees a host per worker: it never runs a speculative copy of a
     * task on the host of the original, so speculation needs more than one host.
     */
    public Builder distinctWorkerHosts() {
      this.distinctHosts = true;
      return this;
    }

    /** How long to wait for the master and all workers (default 120 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * A Spark setting for the Master, the Workers and {@link #driverConf()} alike, e.g.
     * {@code spark.authenticate=true} with {@code spark.authenticate.secret}: the workers must
     * know the secret because they hand it to the executors they launch.
     */
    public Builder conf(String key, String value) {
      conf.put(key, value);
      return this;
    }

    /** Launches the cluster and waits until every worker is registered. */
    public StandaloneCluster start() throws IOException {
      if (workers < 1 || coresPerWorker < 1) {
        throw new IllegalArgumentException("need at least one worker with one core");
      }
      if (executorMemoryMb > workerMemoryMb) {
        throw new IllegalArgumentException("executor memory " + executorMemoryMb
            + " MB does not fit a worker's " + workerMemoryMb + " MB");
      }
      StandaloneCluster cluster = new StandaloneCluster(this);
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      try {
        cluster.launch();
      } catch (IOException | RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
      return cluster;
    }
  }

  private void launch() throws IOException {
    long deadline = System.nanoTime() + spec.startTimeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      masterPort = freePort();
      masterWebPort = freePort();
      // maxRetries=0: if another process took a port since freePort(), Spark would silently bind
      // the next one and the master URL would be wrong; failing lets us retry with new ports.
      master = startJvm("master", List.of("-Dspark.port.maxRetries=0"), "127.0.0.1", MASTER_CLASS,
          "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
          "--webui-port", Integer.toString(masterWebPort),
          "--properties-file", confFile.toString());
      if (awaitMaster(deadline)) {
        break;
      }
      if (attempt == MASTER_ATTEMPTS) {
        throw new IllegalStateException("the Spark master died " + attempt + " times\n"
            + LogTail.of(log("master"), 60));
      }
    }
    for (int i = 0; i < spec.workers; i++) {
      Path work = Files.createDirectories(dir.resolve("work").resolve("worker-" + i));
      String host = spec.distinctHosts ? "127.0.0." + (2 + i) : "127.0.0.1";
      workers.add(startJvm("worker-" + i, List.of(), host, WORKER_CLASS,
          "--host", host, "--port", "0", "--webui-port", "0",
          "--cores", Integer.toString(spec.coresPerWorker),
          "--memory", spec.workerMemoryMb + "m", "--work-dir", work.toString(),
          "--properties-file", confFile.toString(), masterUrl()));
    }
    awaitWorkers(deadline);
  }

  /** True once the master's web UI reports ALIVE; false if the master process died first. */
  private boolean awaitMaster(long deadline) {
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        return false;
      }
      Optional<JsonNode> state = masterState();
      if (state.isPresent() && "ALIVE".equals(state.get().path("status").asText())) {
        return true;
      }
      sleep(200);
    }
    throw new IllegalStateException("the Spark master at " + masterUrl() + " was not ALIVE within "
        + spec.startTimeout + "\n" + LogTail.of(log("master"), 60));
  }

  private void awaitWorkers(long deadline) {
    int alive = 0;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < workers.size(); i++) {
        if (!workers.get(i).isAlive()) {
          throw new IllegalStateException("worker " + i + " died while starting\n"
              + LogTail.of(log("worker-" + i), 60));
        }
      }
      if (!master.isAlive()) {
        throw new IllegalStateException("the master died\n" + LogTail.of(log("master"), 60));
      }
      alive = masterState().map(s -> s.path("aliveworkers").asInt()).orElse(alive);
      if (alive >= spec.workers) {
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException(alive + " of " + spec.workers + " workers registered within "
        + spec.startTimeout + "\n" + LogTail.ofAll(dir.resolve("logs"), 40));
  }

  /** The master's own view (its web UI's JSON), empty while it does not answer. */
  private Optional<JsonNode> masterState() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(webUiUrl() + "/json/"))
          .timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Process startJvm(String name, List<String> extraFlags, String localIp,
      String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildJvm.javaExecutable());
    cmd.addAll(ChildJvm.sparkJvmOptions());
    cmd.add("-Xmx" + spec.daemonHeapMb + "m");
    // Master and Worker only relay messages: C1-only JIT and serial GC halve their start-up CPU,
    // which on a 2-core machine is shared with the driver and the executors.
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dlog4j2.configurationFile=" + log4jConf);
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.addAll(extraFlags);
    cmd.add("-cp");
    cmd.add(ChildJvm.testClasspath());
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
    Map<String, String> env = pb.environment();
    // A developer's own SPARK_* settings (conf dir, worker cores) must not change the cluster.
    env.keySet().removeIf(k -> k.startsWith("SPARK_"));
    env.put("SPARK_HOME", sparkHome.toString());
    // Without it, launching an executor fails with "Cannot find any build directories".
    env.put("SPARK_SCALA_VERSION", "2.12");
    // Executors inherit the worker's environment: keep every socket on loopback.
    env.put("SPARK_LOCAL_IP", localIp);
    env.put("OPENBLAS_NUM_THREADS", "1");
    return pb.start();
  }

  private Path log(String name) {
    return dir.resolve("logs").resolve(name + ".log");
  }

  /** The URL drivers connect to, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's RPC port (the one in {@link #masterUrl()}). */
  public int masterPort() {
    return masterPort;
  }

  /** The master's web UI; {@code /json/} there gives its state. */
  public String webUiUrl() {
    return "http://127.0.0.1:" + masterWebPort;
  }

  /** The directory holding logs ({@code logs/}), worker work dirs ({@code work/}) and scratch. */
  public Path directory() {
    return dir;
  }

  /**
   * What a driver in this JVM needs to use the cluster: master URL, loopback addresses, the
   * test classpath for executors (so test classes and lambdas load there), executor size, no
   * UI, plus every {@link Builder#conf} entry. Add application settings on top.
   */
  public SparkConf driverConf() {
    SparkConf conf = new SparkConf(false)
        .setMaster(masterUrl())
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.executor.extraClassPath", ChildJvm.testClasspath())
        .set("spark.executor.memory", spec.executorMemoryMb + "m")
        .set("spark.executor.cores", Integer.toString(spec.coresPerWorker))
        .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    // No spark.local.dir for the driver: Spark caches its local dirs once per JVM, so a second
    // session would keep writing into the first cluster's (deleted) directory.
    for (Map.Entry<String, String> e : spec.conf.entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    // Executors log at INFO into their work dirs (for failure tails), keep temp files in the
    // cluster's dir, and get the Vector API module as the test JVM has it, so that BLAS picks
    // the same implementation on both sides.
    String own = "-Dlog4j2.configurationFile=" + log4jConf + " -Djava.io.tmpdir=" + tmp
        + " --add-modules=jdk.incubator.vector";
    String user = spec.conf.get("spark.executor.extraJavaOptions");
    conf.set("spark.executor.extraJavaOptions", user == null ? own : own + " " + user);
    return conf;
  }

  /** The master JVM's process id. */
  public long masterPid() {
    return master.pid();
  }

  /** The worker JVMs' process ids, in start order (dead workers included). */
  public List<Long> workerPids() {
    List<Long> pids = new ArrayList<>();
    for (Process w : workers) {
      pids.add(w.pid());
    }
    return pids;
  }

  /**
   * The executor JVMs of this cluster alive now, of any application: processes running
   * {@code CoarseGrainedExecutorBackend} whose working directory is in one of this cluster's
   * worker work dirs (workers start executors there). The directory, unlike the parent pid,
   * still identifies an executor whose worker was killed.
   */
  public List<ExecutorProcess> executors() {
    List<ExecutorProcess> found = new ArrayList<>();
    for (long pid : ProcFs.pids()) {
      List<String> args = ProcFs.cmdline(pid);
      if (!args.contains(EXECUTOR_CLASS)) {
        continue;
      }
      Optional<Path> cwd = ProcFs.cwd(pid);
      if (cwd.isEmpty() || !cwd.get().startsWith(realDir)) {
        continue;
      }
      found.add(new ExecutorProcess(pid,
          ProcFs.argAfter(args, "--executor-id").orElse("?"),
          ProcFs.argAfter(args, "--app-id").orElse("?"),
          ProcFs.parent(pid).orElse(-1)));
    }
    return found;
  }

  /** The process ids of {@link #executors()}. */
  public List<Long> executorPids() {
    List<Long> pids = new ArrayList<>();
    for (ExecutorProcess e : executors()) {
      pids.add(e.pid());
    }
    return pids;
  }

  /**
   * SIGKILLs one executor of this cluster (no shutdown hooks run: what a crash or the OOM killer
   * does) and waits until it is gone. Refuses pids that are not this cluster's executors.
   */
  public void killExecutor(long pid) {
    if (!executorPids().contains(pid)) {
      throw new IllegalArgumentException(pid + " is not an executor of this cluster: "
          + executors());
    }
    killAndWait(pid);
  }

  /**
   * SIGKILLs worker {@code i}. Its executors notice the lost worker and exit by themselves
   * (Spark's WorkerWatcher); {@link #close()} removes any that did not.
   */
  public void killWorker(int i) {
    killAndWait(workers.get(i).pid());
  }

  /**
   * Waits until {@code sc} has at least {@code n} executors registered (the status tracker
   * lists the driver too, hence the minus one) and returns how many it has.
   */
  public int awaitExecutors(SparkContext sc, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = 0;
    while (System.nanoTime() < deadline) {
      count = sc.statusTracker().getExecutorInfos().length - 1;
      if (count >= n) {
        return count;
      }
      sleep(200);
    }
    throw new IllegalStateException(count + " of " + n + " executors registered within "
        + timeout + "; executor JVMs: " + executors() + "\n" + LogTail.ofAll(dir, 30));
  }

  /** Tails of every log of the cluster (daemons and executors), for failure messages. */
  public String logTails(int lines) {
    return LogTail.ofAll(dir, lines);
  }

  /**
   * Kills every process of the cluster and waits for them; safe to call twice. Throws if a
   * process survived SIGKILL (then something else is wrong with the machine).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Long> survivors = killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook runs (or ran) anyway.
    }
    if (!survivors.isEmpty()) {
      throw new IllegalStateException("processes survived SIGKILL: " + survivors);
    }
  }

  /** Best effort: goes on past a process that will not die, and returns those. */
  private List<Long> killAll() {
    // Workers first, so none launches a replacement for an executor killed below; then any
    // executor left, found by its work dir even once orphaned; the master last.
    List<ProcessHandle> victims = new ArrayList<>();
    for (Process w : workers) {
      w.destroyForcibly();
      victims.add(w.toHandle());
    }
    for (ProcessHandle w : victims) {
      awaitExit(w);
    }
    for (long pid : executorPids()) {
      ProcessHandle.of(pid).ifPresent(h -> {
        h.destroyForcibly();
        victims.add(h);
      });
    }
    if (master != null) {
      master.destroyForcibly();
      victims.add(master.toHandle());
    }
    List<Long> survivors = new ArrayList<>();
    for (ProcessHandle h : victims) {
      if (!awaitExit(h)) {
        survivors.add(h.pid());
      }
    }
    return survivors;
  }

  private static void killAndWait(long pid) {
    ProcessHandle.of(pid).ifPresent(h -> {
      h.destroyForcibly();
      if (!awaitExit(h)) {
        throw new IllegalStateException("process " + pid + " did not exit after SIGKILL");
      }
    });
  }

  /**
   * Polls /proc rather than {@code ProcessHandle.onExit()}: an orphaned executor killed after its
   * worker stays a zombie until init reaps it (seconds on some VMs), and Java counts zombies as
   * alive.
   */
  private static boolean awaitExit(ProcessHandle h) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (ProcFs.running(h.pid())) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !ProcFs.running(h.pid());
      }
    }
    return true;
  }

  private Path writeDaemonConf(Path file) throws IOException {
    Properties props = new Properties();
    props.putAll(spec.conf);
    // Executor scratch (block manager dirs) under our dir, not /tmp, so it goes with the test.
    props.put("spark.local.dir", dir.resolve("local").toString());
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------"))); // it may hold the auth secret
    try (Writer w = Files.newBufferedWriter(file)) {
      props.store(w, "Spark settings of this cluster's Master and Workers");
    }
    return file;
  }

  private static Path writeLog4jConf(Path file) throws IOException {
    // The test classpath's log4j2.properties says WARN; daemons and executors log INFO into
    // their own files so that a failure message can show what they did.
    Files.writeString(file, String.join("\n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.console.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
        "logger.jetty.name = org.sparkproject.jetty",
        "logger.jetty.level = warn",
        ""));
    return file;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
