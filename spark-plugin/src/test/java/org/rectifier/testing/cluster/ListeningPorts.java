package org.rectifier.testing.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The TCP ports a process listens on, read from Linux's /proc: the kernel's socket tables
 * ({@code /proc/PID/net/tcp} and {@code tcp6}, state {@code 0A} = LISTEN) joined with the
 * process's open file descriptors ({@code /proc/PID/fd/N -> socket:[inode]}). Unlike asking
 * Spark which ports it opened, this also finds ports nobody configured, which is what a reviewer
 * who connects stray clients to "every listening port" needs. Reading another process's fds
 * needs the same user or root.
 */
public final class ListeningPorts {

  private static final String LISTEN = "0A";

  /** One listening socket: the address it is bound to (0.0.0.0 / :: = all) and its port. */
  public record Listener(InetAddress address, int port) {}

  private ListeningPorts() {}

  /** The ports {@code pid} listens on, IPv4 and IPv6 together, sorted; empty if it is gone. */
  public static SortedSet<Integer> of(long pid) {
    return of(List.of(pid));
  }

  /** The ports any of {@code pids} listens on. */
  public static SortedSet<Integer> of(Collection<Long> pids) {
    SortedSet<Integer> ports = new TreeSet<>();
    for (Listener l : listeners(pids)) {
      ports.add(l.port());
    }
    return ports;
  }

  /** The listening sockets of {@code pids} with their bound addresses, sorted by port. */
  public static List<Listener> listeners(Collection<Long> pids) {
    List<Listener> result = new ArrayList<>();
    for (long pid : pids) {
      Set<Long> inodes = socketInodes(pid);
      if (inodes.isEmpty()) {
        continue;
      }
      // The process's own view of the tables: right even if it runs in another net namespace.
      Path net = Paths.get("/proc", Long.toString(pid), "net");
      result.addAll(parse(net.resolve("tcp"), inodes));
      result.addAll(parse(net.resolve("tcp6"), inodes));
    }
    result.sort(Comparator.comparingInt(Listener::port));
    return result;
  }

  private static Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    Path fds = Paths.get("/proc", Long.toString(pid), "fd");
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path link : links) {
        String target;
        try {
          target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
          continue; // closed between listing and reading
        }
        if (target.startsWith("socket:[")) {
          inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
        }
      }
    } catch (NoSuchFileException e) {
      return Set.of(); // the process is gone
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + fds + " (same user or root needed)", e);
    }
    return inodes;
  }

  private static List<Listener> parse(Path table, Set<Long> inodes) {
    List<Listener> found = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (NoSuchFileException e) {
      return found; // no IPv6 in this kernel, or the process is gone
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + table, e);
    }
    // Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !LISTEN.equals(f[3]) || !inodes.contains(Long.parseLong(f[9]))) {
        continue;
      }
      String[] hostPort = f[1].split(":");
      found.add(new Listener(address(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
    }
    return found;
  }

  /** /proc prints addresses as 32-bit words in host (little-endian) byte order. */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("bad address " + hex, e);
    }
  }
}
