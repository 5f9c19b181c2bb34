package org.rectifier.train.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;

/**
 * The driver's exchanges with a training job, once per job, never per step: each task joins
 * with the address of its executor's {@link PeerEndpoint} and, once every partition has joined,
 * gets the whole {@link PeerTable} and the float64 state of the shard it owns; at the job's end
 * each task hands its shard's state back. The state travels as raw arrays on the authenticated
 * (and, if configured, encrypted) transport, not through Spark's broadcast and task results,
 * which would serialize, compress and store it. It listens on Spark's transport with Spark's
 * authentication, like every port the collective opens.
 */
public final class DriverRendezvous implements AutoCloseable {

  private final Endpoint endpoint;
  private final Map<Long, Gang> gangs = new ConcurrentHashMap<>();
  private final Map<Long, java.util.Set<String>> silent = new ConcurrentHashMap<>();

  private DriverRendezvous(SparkContext sc) {
    SparkConf conf = sc.getConf();
    String host = conf.get("spark.driver.host", "localhost");
    String bind = conf.get("spark.driver.bindAddress", host);
    this.endpoint = new Endpoint(conf, SparkEnv.get().securityManager(), sc.applicationId(),
        bind, host, 0, 2, new Joins());
  }

  /** Starts listening for the tasks of {@code sc}'s training jobs. */
  public static DriverRendezvous open(SparkContext sc) {
    return new DriverRendezvous(sc);
  }

  /** Host tasks connect to. */
  public String host() {
    return endpoint.host();
  }

  /** Port tasks connect to. */
  public int port() {
    return endpoint.port();
  }

  /** Where the driver's state comes from and goes back to, per partition. */
  public interface StateExchange {
    /** Bytes of partition {@code p}'s initial state. */
    int bytes(int p);

    /** Writes partition {@code p}'s initial state. */
    void write(int p, ByteBuffer out);

    /** Takes partition {@code p}'s final state (on a transport thread; copy what is kept). */
    void returned(int p, ByteBuffer in);
  }

  /** Admits {@code parties} tasks (one per partition) to job {@code job}. */
  public void expect(long job, int parties, StateExchange state) {
    gangs.put(job, new Gang(parties, state));
  }

  /** How many partitions of {@code job} have joined so far. */
  public int joined(long job) {
    Gang g = gangs.get(job);
    return g == null ? 0 : g.joined();
  }

  /** The partitions of {@code job} that have not joined (all of them for an unknown job). */
  public java.util.List<Integer> notJoined(long job) {
    Gang g = gangs.get(job);
    return g == null ? java.util.List.of() : g.notJoined();
  }

  /** Executors that tasks of {@code job} reported silent for the whole timeout. */
  public java.util.Set<String> silentExecutors(long job) {
    java.util.Set<String> s = silent.get(job);
    return s == null ? java.util.Set.of() : new java.util.TreeSet<>(s);
  }

  /**
   * Closes {@code job}: tasks still waiting to join are told it ended, and second copies of
   * joined tasks are released with a failure.
   */
  public void forget(long job) {
    silent.remove(job);
    Gang g = gangs.remove(job);
    if (g != null) {
      g.fail("the training job ended before every task joined");
    }
  }

  @Override
  public void close() {
    for (Long job : gangs.keySet()) {
      forget(job);
    }
    endpoint.close();
  }

  /** One job's tasks, until all have joined. */
  private static final class Gang {
    private final String[] hosts;
    private final int[] ports;
    private final String[] executors;
    private final RpcResponseCallback[] replies;
    private final StateExchange state;
    private int count;

    Gang(int parties, StateExchange state) {
      this.state = state;
      hosts = new String[parties];
      ports = new int[parties];
      executors = new String[parties];
      replies = new RpcResponseCallback[parties];
    }

    synchronized int joined() {
      return count;
    }

    synchronized java.util.List<Integer> notJoined() {
      java.util.List<Integer> out = new java.util.ArrayList<>();
      for (int p = 0; p < replies.length; p++) {
        if (replies[p] == null) {
          out.add(p);
        }
      }
      return out;
    }

    synchronized void join(int partition, String host, int port, String executor,
        RpcResponseCallback reply) {
      if (partition < 0 || partition >= replies.length) {
        throw new IllegalArgumentException("no partition " + partition);
      }
      if (replies[partition] != null) {
        // A second copy of a task (speculation): the first one is the peer. The copy is told
        // so and asks again until the job is gone; it must neither join nor end first, or
        // Spark would take its (empty) result for the partition's and kill the real peer.
        reply.onSuccess(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0, PeerTable.COPY));
        return;
      }
      hosts[partition] = host;
      ports[partition] = port;
      executors[partition] = executor;
      replies[partition] = reply;
      if (++count == replies.length) {
        ByteBuffer table = new PeerTable(hosts, ports, executors).encode();
        for (int p = 0; p < replies.length; p++) {
          ByteBuffer answer = ByteBuffer.allocate(table.remaining() + state.bytes(p))
              .order(ByteOrder.LITTLE_ENDIAN);
          answer.put(table.duplicate());
          state.write(p, answer);
          answer.flip();
          replies[p].onSuccess(answer);
        }
      }
    }

    synchronized void fail(String why) {
      for (RpcResponseCallback r : replies) {
        if (r != null && count < replies.length) {
          r.onFailure(new IllegalStateException(why));
        }
      }
    }
  }

  private final class Joins implements Endpoint.Handler {
    @Override
    public void onMessage(TransportClient from, ByteBuffer message) {
      Frame f = Frame.read(message);
      if (f == null || f.kind != Frame.SILENT || !gangs.containsKey(f.job)) {
        throw new IllegalArgumentException("not a report of silent peers of a running job");
      }
      java.util.Set<String> s = silent.computeIfAbsent(f.job,
          k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
      int n = message.getInt();
      for (int i = 0; i < n && i < 1024; i++) {
        s.add(Frame.getString(message));
      }
    }

    @Override
    public void onRequest(TransportClient from, ByteBuffer message, RpcResponseCallback reply) {
      Frame f = Frame.read(message);
      if (f == null || (f.kind != Frame.JOIN && f.kind != Frame.STATE)) {
        throw new IllegalArgumentException("not a join or state request");
      }
      Gang g = gangs.get(f.job);
      if (g == null) {
        throw new IllegalStateException("no open training job " + f.job);
      }
      if (f.kind == Frame.STATE) {
        if (f.from < 0 || f.from >= g.replies.length) {
          throw new IllegalArgumentException("no partition " + f.from);
        }
        g.state.returned(f.from, message);
        reply.onSuccess(ByteBuffer.allocate(0));
        return;
      }
      String host = Frame.getString(message);
      int port = message.getInt();
      String executor = Frame.getString(message);
      g.join(f.from, host, port, executor, reply);
    }
  }
}
