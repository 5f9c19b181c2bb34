package org.rectifier.testing.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tcpdump} of all TCP traffic on the loopback interface into a pcap file, to check
 * what crosses the wire between driver, executors and daemons (all on 127.0.0.1 in a
 * {@link StandaloneCluster}).
 *
 * <pre>{@code
 * try (PacketCapture capture = PacketCapture.start(dir)) {
 *   ... run the job ...
 *   capture.stop();
 *   assertEquals(0, capture.packetsDropped());
 *   assertEquals(0, PacketCapture.count(capture.bytes(), PacketCapture.floatsLE(w, 0, 4)));
 * }
 * }</pre>
 *
 * <p>Searching the raw pcap works because each packet's payload is stored contiguously after its
 * headers ({@code -s 0} keeps whole packets). But TCP may cut a stream at any byte, so a long
 * pattern can be split over two segments and missed: search for many short patterns (say 8 to
 * 16 bytes each, e.g. a few consecutive floats of a weight vector) and reason about how many of
 * them should be found. Other processes' loopback traffic is captured too; random or
 * data-derived patterns of 8+ bytes make chance matches negligible.
 *
 * <p>Needs root or CAP_NET_RAW. {@link #ensureTcpdump()} installs the Debian package
 * {@code tcpdump} when it is missing (CI runs as root).
 */
public final class PacketCapture implements AutoCloseable {

  private static final Pattern DROPPED =
      Pattern.compile("(\\d+) packets dropped by (kernel|interface)");
  private static final Pattern CAPTURED = Pattern.compile("(\\d+) packets captured");

  private final Process process;
  private final Path file;
  private final Path stderr;
  private long dropped = -1;
  private long captured = -1;

  private final Thread reaper;

  private PacketCapture(Process process, Path file, Path stderr) {
    this.process = process;
    this.file = file;
    this.stderr = stderr;
    // A test JVM that ends without close() must not leave tcpdump filling the disk.
    this.reaper = new Thread(process::destroyForcibly, "tcpdump-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts capturing TCP on {@code lo} into {@code dir/capture-N.pcap} and returns once tcpdump
   * reports that it is listening, so that traffic sent after this returns is in the file.
   */
  public static PacketCapture start(Path dir) throws IOException {
    String tcpdump = ensureTcpdump();
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "capture-", ".pcap");
    Path stderr = dir.resolve(file.getFileName() + ".stderr");
    List<String> cmd = new ArrayList<>(List.of(tcpdump, "-i", "lo", "-n",
        // libpcap's TPACKET_V3 hands packets over in blocks, a block up to 1 s after its first
        // packet; immediate mode delivers each packet at once, so stop() can drain them all.
        "--immediate-mode",
        "-U", // write each packet at once: nothing is lost in a buffer if stop() is abrupt
        "-s", "0", // whole packets, so payloads can be searched
        "-B", "65536", // 64 MiB kernel buffer: bursts of block transfers must not be dropped
        "-w", file.toString()));
    if (isRoot()) {
      // Debian's tcpdump drops to user "tcpdump" before opening the -w file, which then cannot
      // write into a root-owned temp dir; stay root.
      cmd.addAll(List.of("-Z", "root"));
    }
    cmd.add("tcp");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile()).start();
    PacketCapture capture = new PacketCapture(p, file, stderr);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!capture.stderrText().contains("listening on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        capture.removeReaper();
        throw new IllegalStateException("tcpdump did not start capturing: " + cmd + "\n"
            + capture.stderrText());
      }
      sleep(50);
    }
    return capture;
  }

  /**
   * Stops the capture (SIGTERM, on which tcpdump flushes the file and prints its counters) and
   * waits for tcpdump to exit. Idempotent.
   */
  public synchronized void stop() {
    if (dropped >= 0) {
      return;
    }
    // On SIGTERM tcpdump leaves its read loop at once: packets still in the kernel buffer are
    // never written. Let it drain first: with -U the file grows with every packet it reads.
    awaitQuietFile();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("tcpdump did not stop in 30 s\n" + stderrText());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while stopping tcpdump", e);
    }
    removeReaper();
    String text = stderrText();
    Matcher c = CAPTURED.matcher(text);
    if (!c.find()) {
      throw new IllegalStateException("tcpdump printed no counters:\n" + text);
    }
    captured = Long.parseLong(c.group(1));
    long lost = 0;
    for (Matcher m = DROPPED.matcher(text); m.find(); ) {
      lost += Long.parseLong(m.group(1));
    }
    dropped = lost;
  }

  private void awaitQuietFile() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long size = -1;
    while (System.nanoTime() < deadline) {
      long now = file.toFile().length();
      if (now == size) {
        return;
      }
      size = now;
      sleep(250);
    }
  }

  /** Packets the kernel or interface dropped (tcpdump's counters); call after {@link #stop()}. */
  public long packetsDropped() {
    requireStopped();
    return dropped;
  }

  /** Packets written to the file; call after {@link #stop()}. */
  public long packetsCaptured() {
    requireStopped();
    return captured;
  }

  /** The pcap file. */
  public Path file() {
    return file;
  }

  /** The raw pcap file (headers and payloads) to search with {@link #count}. */
  public byte[] bytes() throws IOException {
    return Files.readAllBytes(file);
  }

  /** Stops the capture if still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    } else {
      removeReaper();
    }
  }

  private void removeReaper() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook kills a process that has exited, harmlessly.
    }
  }

  /** How many times {@code needle} occurs in {@code haystack} (overlapping matches count). */
  public static int count(byte[] haystack, byte[] needle) {
    if (needle.length == 0) {
      throw new IllegalArgumentException("empty pattern");
    }
    int n = 0;
    byte first = needle[0];
    for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      int j = 1;
      while (j < needle.length && haystack[i + j] == needle[j]) {
        j++;
      }
      if (j == needle.length) {
        n++;
      }
    }
    return n;
  }

  /** {@code count} floats from {@code values[from]} as little-endian bytes (the JVM's wire form). */
  public static byte[] floatsLE(float[] values, int from, int count) {
    ByteBuffer b = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + count; i++) {
      b.putFloat(values[i]);
    }
    return b.array();
  }

  /** {@code count} doubles from {@code values[from]} as little-endian bytes. */
  public static byte[] doublesLE(double[] values, int from, int count) {
    ByteBuffer b = ByteBuffer.allocate(count * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + count; i++) {
      b.putDouble(values[i]);
    }
    return b.array();
  }

  /**
   * The tcpdump binary, installing the Debian package {@code tcpdump} if it is missing: with
   * apt-get as root, else with {@code sudo -n}. Fails naming the package if neither works.
   */
  public static synchronized String ensureTcpdump() {
    String found = findTcpdump();
    if (found != null) {
      return found;
    }
    List<String> prefix = isRoot() ? List.of() : List.of("sudo", "-n");
    StringBuilder log = new StringBuilder();
    // Another build may hold the dpkg lock: wait for it. A machine without package lists needs
    // an update first; try without it, as that is slow and usually unneeded.
    List<String> install = List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "install",
        "-y", "-q", "--no-install-recommends", "tcpdump");
    if (!run(prefix, install, log)) {
      run(prefix, List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "update", "-q"), log);
      run(prefix, install, log);
    }
    found = findTcpdump();
    if (found == null) {
      throw new IllegalStateException("tcpdump is missing and could not be installed: install the"
          + " Debian package 'tcpdump' (apt-get install tcpdump) and run as root.\n" + log);
    }
    return found;
  }

  private static String findTcpdump() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "")
        .split(java.io.File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")); // sbin is not on every PATH
    for (String d : dirs) {
      if (!d.isEmpty() && Files.isExecutable(Paths.get(d, "tcpdump"))) {
        return Paths.get(d, "tcpdump").toString();
      }
    }
    return null;
  }

  private static boolean run(List<String> prefix, List<String> cmd, StringBuilder log) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(cmd);
    log.append("$ ").append(String.join(" ", full)).append('\n');
    try {
      ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Path out = Files.createTempFile("apt-", ".log");
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      boolean done = p.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      log.append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
      return done && p.exitValue() == 0;
    } catch (IOException e) {
      log.append(e).append('\n');
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return "0".equals(line.substring(4).trim().split("\\s+")[1]); // effective uid
        }
      }
    } catch (IOException e) {
      // not Linux: fall through
    }
    return "root".equals(System.getProperty("user.name"));
  }

  private void requireStopped() {
    if (dropped < 0) {
      throw new IllegalStateException("call stop() first");
    }
  }

  private String stderrText() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
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
