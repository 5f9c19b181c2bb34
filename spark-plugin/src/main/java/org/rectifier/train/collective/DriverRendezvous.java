package org.rectifier.train.collective;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;

/**
 * The driver's one exchange per job: each task of a training job joins with the address of its
 * executor's {@link PeerEndpoint}, and once every partition has joined, every task gets the
 * whole {@link PeerTable}. The driver carries nothing per step. It listens on Spark's transport
 * with Spark's authentication, like every port the collective opens.
 */
public final class DriverRendezvous implements AutoCloseable {

  private final Endpoint endpoint;
  private final Map<Long, Gang> gangs = new ConcurrentHashMap<>();

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

  /** Admits {@code parties} tasks (one per partition) to job {@code job}. */
  public void expect(long job, int parties) {
    gangs.put(job, new Gang(parties));
  }

  /** How many partitions of {@code job} have joined so far. */
  public int joined(long job) {
    Gang g = gangs.get(job);
    return g == null ? 0 : g.joined();
  }

  /** Closes {@code job}: tasks still waiting to join are told it ended. */
  public void forget(long job) {
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
    private int count;

    Gang(int parties) {
      hosts = new String[parties];
      ports = new int[parties];
      executors = new String[parties];
      replies = new RpcResponseCallback[parties];
    }

    synchronized int joined() {
      return count;
    }

    synchronized void join(int partition, String host, int port, String executor,
        RpcResponseCallback reply) {
      if (partition < 0 || partition >= replies.length) {
        throw new IllegalArgumentException("no partition " + partition);
      }
      if (replies[partition] != null) {
        // A second copy of a task (speculation, a retry): the first one is the peer.
        throw new IllegalStateException(String.format(Locale.ROOT,
            "partition %d already joined from executor %s", partition, executors[partition]));
      }
      hosts[partition] = host;
      ports[partition] = port;
      executors[partition] = executor;
      replies[partition] = reply;
      if (++count == replies.length) {
        ByteBuffer table = new PeerTable(hosts, ports, executors).encode();
        for (RpcResponseCallback r : replies) {
          r.onSuccess(table.duplicate());
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
      throw new IllegalArgumentException("the rendezvous takes only join requests");
    }

    @Override
    public void onRequest(TransportClient from, ByteBuffer message, RpcResponseCallback reply) {
      Frame f = Frame.read(message);
      if (f == null || f.kind != Frame.JOIN) {
        throw new IllegalArgumentException("not a join request");
      }
      Gang g = gangs.get(f.job);
      if (g == null) {
        throw new IllegalStateException("no open training job " + f.job);
      }
      String host = Frame.getString(message);
      int port = message.getInt();
      String executor = Frame.getString(message);
      g.join(f.from, host, port, executor, reply);
    }
  }
}
