package org.rectifier.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Barrier training with executors in other JVMs (Spark's {@code local-cluster} master), where
 * gradients and parameters cross the driver's TCP links: same bits as one job per step.
 */
class ClusterModeTest {

  @TempDir
  Path dir;

  @Test
  void barrierOverTcpMatchesJobPerStepBitForBit() throws Exception {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    // local-cluster executors are launched from SPARK_HOME: an empty jars/ suffices when the
    // executor classpath is given explicitly.
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home").resolve("jars")).getParent();
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String line : Files.readAllLines(Paths.get("..", "conf", "jvm-options"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        cmd.add(line.trim());
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(ClusterModeMain.class.getName());
    cmd.add(classpath);
    Path log = dir.resolve("cluster.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("cluster-mode run did not finish in 5 minutes");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    String summary = out.lines().filter(l -> l.startsWith("CLUSTER")).findFirst().orElse(out);
    assertEquals(0, p.exitValue(), summary);
    assertTrue(summary.contains("weights true validation true sparsity true"), summary);
  }
}
