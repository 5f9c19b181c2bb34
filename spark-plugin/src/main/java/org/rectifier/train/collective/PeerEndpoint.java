package org.rectifier.train.collective;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's node of the collective: one server per executor JVM, shared by the training
 * tasks that run there, and started the first time one needs it. Messages are routed to the
 * {@link Mailbox} of the task they name (job and partition); a message for no open mailbox (a
 * stray, or a straggler of a job that already failed) is dropped.
 *
 * <p>It listens on the executor's advertised address, on {@code spark.rectifier.collective.port}
 * (default 0: any free port; a fixed port is tried upwards {@code spark.port.maxRetries} times,
 * as Spark does for its own ports, for firewalls that open a range).
 */
final class PeerEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(PeerEndpoint.class);
  /** Setting: the port to listen on. */
  static final String PORT_KEY = "spark.rectifier.collective.port";

  private static PeerEndpoint current;

  private final SparkEnv env;
  private final Endpoint endpoint;
  private final String executorId;
  private final Map<Key, Mailbox> boxes = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  private PeerEndpoint(SparkEnv env) {
    this.env = env;
    this.executorId = env.executorId();
    SparkConf conf = env.conf();
    String host;
    String bind;
    if ("driver".equals(executorId)) {
      // Local mode: the tasks run in the driver's JVM.
      host = conf.get("spark.driver.host", "localhost");
      bind = conf.get("spark.driver.bindAddress", host);
    } else {
      host = env.blockManager().blockManagerId().host();
      bind = host;
    }
    int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    this.endpoint = listen(conf, host, bind, threads);
  }

  private Endpoint listen(SparkConf conf, String host, String bind, int threads) {
    int port = conf.getInt(PORT_KEY, 0);
    int tries = port == 0 ? 1 : 1 + conf.getInt("spark.port.maxRetries", 16);
    RuntimeException last = null;
    for (int i = 0; i < tries; i++) {
      try {
        return new Endpoint(conf, env.securityManager(), conf.getAppId(), bind, host,
            port == 0 ? 0 : port + i, threads, new Route());
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The endpoint of this JVM's current Spark environment, started on first use. */
  static synchronized PeerEndpoint get() {
    SparkEnv env = Objects.requireNonNull(SparkEnv.get(), "no SparkEnv in this JVM");
    if (current == null || current.env != env) {
      if (current != null) {
        current.endpoint.close();
      }
      current = new PeerEndpoint(env);
      LOG.info("Rectifier: executor {} listens for training traffic on {}:{}{}", current.executorId,
          current.endpoint.host(), current.endpoint.port(),
          env.securityManager().isAuthenticationEnabled()
              ? " (Spark authentication"
                  + (env.securityManager().isEncryptionEnabled() ? ", encrypted)" : ")")
              : " (no spark.authenticate: plain TCP, like Spark's own ports)");
    }
    return current;
  }

  String host() {
    return endpoint.host();
  }

  int port() {
    return endpoint.port();
  }

  String executorId() {
    return executorId;
  }

  /** A connected client to a peer's endpoint. */
  TransportClient client(String host, int port) {
    try {
      return endpoint.client(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException("Rectifier: cannot reach " + host + ":" + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectiveException("Rectifier: interrupted while connecting to " + host + ":"
          + port, e);
    }
  }

  void open(Mailbox box) {
    boxes.put(new Key(box.job, box.self), box);
  }

  void close(Mailbox box) {
    boxes.remove(new Key(box.job, box.self), box);
  }

  /** Messages dropped since start (no open mailbox, or not a collective message). */
  long dropped() {
    return dropped.get();
  }

  private final class Route implements Endpoint.Handler {
    @Override
    public void onMessage(TransportClient from, ByteBuffer message) {
      Frame f = Frame.read(message);
      Mailbox box = f == null ? null : boxes.get(new Key(f.job, f.to));
      if (box == null) {
        dropped.incrementAndGet();
        LOG.debug("Rectifier: dropped a message from {} for no open training task",
            from.getSocketAddress());
        return;
      }
      box.deliver(f, message);
    }

    @Override
    public void onRequest(TransportClient from, ByteBuffer message, RpcResponseCallback reply) {
      throw new IllegalArgumentException("training peers take no requests");
    }
  }

  private static final class Key {
    final long job;
    final int partition;

    Key(long job, int partition) {
      this.job = job;
      this.partition = partition;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).job == job && ((Key) o).partition == partition;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(job) * 31 + partition;
    }
  }
}
