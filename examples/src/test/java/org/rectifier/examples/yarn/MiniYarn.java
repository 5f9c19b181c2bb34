package org.rectifier.examples.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN cluster in this JVM, from Maven jars: one ResourceManager and one NodeManager
 * ({@code MiniYARNCluster} from {@code hadoop-client-minicluster}, set up as Spark's own
 * {@code BaseYarnClusterSuite} sets it up), on 127.0.0.1. Its configuration is written as
 * {@code yarn-site.xml} into {@link #confDir()}, the folder a submitting JVM takes as
 * {@code HADOOP_CONF_DIR} / {@code YARN_CONF_DIR} and on its classpath. Containers are JVMs
 * that the NodeManager starts on this machine; their logs stay under {@link #logDirs()}.
 */
final class MiniYarn implements AutoCloseable {

  private final MiniYARNCluster cluster;
  private final Path confDir;
  private final YarnClient client;

  private MiniYarn(MiniYARNCluster cluster, Path confDir, YarnClient client) {
    this.cluster = cluster;
    this.confDir = confDir;
    this.client = client;
  }

  /**
   * Starts the cluster and waits (bounded) until its NodeManager has registered.
   *
   * @param dir where the configuration folder and a copy of the log4j settings go
   * @param nodeMemoryMb the NodeManager's memory for containers (MiniYARNCluster caps it at
   *     4096 MB unless {@code yarn.minicluster.yarn.nodemanager.resource.memory-mb} says more)
   */
  static MiniYarn start(Path dir, int nodeMemoryMb) throws Exception {
    YarnConfiguration conf = new YarnConfiguration();
    // As BaseYarnClusterSuite: no disk check (a full disk must not hang the test), and the
    // capacity scheduler's queue, since hadoop-client-minicluster ships no
    // capacity-scheduler.xml.
    conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage",
        "100.0");
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    // The default lets ApplicationMasters use 10% of the queue; a cluster-mode driver is one.
    conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
    // Loopback only.
    conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    conf.set("yarn.nodemanager.hostname", "127.0.0.1");
    // Room for a 1 GB driver in its AM container and two executors; containers in 128 MB
    // steps instead of 1 GB ones.
    conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
    // A JVM reserves far more virtual memory than it uses; YARN's 2.1x check kills it.
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);

    MiniYARNCluster cluster = new MiniYARNCluster("YarnIT", 1, 1, 1);
    boolean started = false;
    YarnClient client = null;
    try {
      cluster.init(conf);
      cluster.start();
      // MiniYARNCluster's start() may return before the RM has put its real port in the
      // configuration (BaseYarnClusterSuite waits for it the same way).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("MiniYARNCluster: the ResourceManager's address still"
              + " has port 0 after 30 s");
        }
        Thread.sleep(100);
      }
      if (!cluster.waitForNodeManagersToConnect(30_000)) {
        throw new IllegalStateException("MiniYARNCluster: the NodeManager did not register with"
            + " the ResourceManager within 30 s");
      }
      Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
      try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
        cluster.getConfig().writeXml(out);
      }
      Files.writeString(confDir.resolve("log4j2.properties"), LOG4J, StandardCharsets.UTF_8);
      client = YarnClient.createYarnClient();
      client.init(cluster.getConfig());
      client.start();
      started = true;
      return new MiniYarn(cluster, confDir, client);
    } finally {
      if (!started) {
        if (client != null) {
          client.stop();
        }
        cluster.stop();
      }
    }
  }

  /**
   * Log settings for every JVM of an application: the submitting JVM reads them from its
   * classpath, and Spark ships the {@code HADOOP_CONF_DIR} folder to the containers, where it is
   * on the classpath too. Spark's progress to WARN, YARN's client and Rectifier at INFO.
   */
  private static final String LOG4J = String.join("\n",
      "rootLogger.level = warn",
      "rootLogger.appenderRef.stderr.ref = console",
      "appender.console.type = Console",
      "appender.console.name = console",
      "appender.console.target = SYSTEM_ERR",
      "appender.console.layout.type = PatternLayout",
      "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
      "logger.yarn.name = org.apache.spark.deploy.yarn",
      "logger.yarn.level = info",
      "logger.rectifier.name = org.rectifier",
      "logger.rectifier.level = info",
      "logger.hadoop.name = org.apache.hadoop",
      "logger.hadoop.level = warn",
      "");

  /** The folder with {@code yarn-site.xml} (and {@code log4j2.properties}). */
  Path confDir() {
    return confDir;
  }

  /** Every application the ResourceManager knows, oldest first. */
  List<ApplicationReport> applications() {
    try {
      List<ApplicationReport> apps = new ArrayList<>(client.getApplications());
      apps.sort(Comparator.comparing(ApplicationReport::getApplicationId));
      return apps;
    } catch (Exception e) {
      throw new IllegalStateException("YARN: could not list the applications", e);
    }
  }

  /** The NodeManager's container log folders: {@code <dir>/<application>/<container>/stderr}. */
  List<Path> logDirs() {
    String dirs = cluster.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS, "");
    return Stream.of(dirs.split(",")).map(String::trim).filter(d -> !d.isEmpty())
        .map(d -> d.startsWith("file:") ? Paths.get(java.net.URI.create(d)) : Paths.get(d))
        .collect(Collectors.toList());
  }

  /** The container log files of {@code applicationId} (every one when null). */
  List<Path> containerLogs(String applicationId) {
    List<Path> files = new ArrayList<>();
    for (Path dir : logDirs()) {
      Path root = applicationId == null ? dir : dir.resolve(applicationId);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /** The last lines of every container log (stdout, stderr, prelaunch.*), for failures. */
  String containerLogTails(int lines) {
    StringBuilder out = new StringBuilder();
    for (Path file : containerLogs(null)) {
      out.append(Tail.of(file, lines));
    }
    return out.length() == 0 ? "(no container logs under " + logDirs() + ")\n" : out.toString();
  }

  @Override
  public void close() {
    try {
      client.stop();
    } finally {
      cluster.stop();
    }
  }
}
