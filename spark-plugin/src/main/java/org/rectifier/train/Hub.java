package org.rectifier.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;

/**
 * The driver's end of barrier training: a server socket the tasks of each epoch connect to
 * (executors can always reach the driver). Tasks prove they belong to this fit with a random
 * token. Bound to {@code spark.driver.bindAddress}, else {@code spark.driver.host}.
 */
final class Hub implements AutoCloseable {

  private final ServerSocket server;
  private final String host;
  private final long token;

  private Hub(ServerSocket server, String host, long token) {
    this.server = server;
    this.host = host;
    this.token = token;
  }

  static Hub open(SparkConf conf) {
    try {
      String host = conf.get("spark.driver.host", InetAddress.getLocalHost().getHostAddress());
      String bind = conf.get("spark.driver.bindAddress", host);
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(bind), 0), 64);
      return new Hub(server, host, new SecureRandom().nextLong());
    } catch (IOException e) {
      throw new UncheckedIOException("Rectifier: cannot open the driver's training port", e);
    }
  }

  String host() {
    return host;
  }

  int port() {
    return server.getLocalPort();
  }

  long token() {
    return token;
  }

  /**
   * Accepts one link per partition, indexed by partition; gives up (surfacing the job's own
   * failure) if {@code job} ends first.
   */
  Wire[] accept(int partitions, Future<?> job) throws IOException {
    Wire[] wires = new Wire[partitions];
    int connected = 0;
    server.setSoTimeout(200);
    try {
      while (connected < partitions) {
        Socket s;
        try {
          s = server.accept();
        } catch (SocketTimeoutException e) {
          if (job.isDone()) {
            throw new IOException("the training job ended before all "
                + partitions + " tasks connected");
          }
          continue;
        }
        Wire w = new Wire(s);
        if (w.in().readLong() != token) {
          w.close();
          continue;
        }
        int partition = w.in().readInt();
        wires[partition] = w;
        connected++;
      }
      return wires;
    } catch (IOException | RuntimeException e) {
      closeAll(wires);
      throw e;
    }
  }

  static void closeAll(Wire[] wires) {
    for (Wire w : wires) {
      if (w != null) {
        w.close();
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // Best effort at the end of a fit.
    }
  }
}
