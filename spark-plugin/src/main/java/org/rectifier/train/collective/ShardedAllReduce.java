package org.rectifier.train.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.rectifier.train.step.Chunks;
import org.rectifier.train.step.PartialGradient;
import org.rectifier.train.step.StepScalars;
import org.rectifier.train.step.StepStats;

/**
 * One training task's side of a synchronous, sharded all-reduce among the tasks of a job, over
 * Spark's transport. Partition p owns parameters {@code [start(p), start(p+1))} (whole chunks,
 * {@link Chunks#rangeStart}). A round is a reduce-scatter, then an all-gather:
 * <ol>
 *   <li>every task sends each owner that owner's slice of its partial gradient, with its step
 *       scalars (loss, weight, right answers, compute time); partition 0 gets the scalars even
 *       when it owns nothing, since it keeps the epoch's sums;
 *   <li>each owner sums the slices in partition order and updates its shard (the caller does
 *       that, see {@code ParameterShard#reduce});
 *   <li>each owner sends its new float32 shard to every task (and its chunks' step sums to
 *       partition 0).
 * </ol>
 * Each task sends and receives about {@code 2 (P-1)/P} of the parameters per step, whatever
 * {@code P}; the driver takes part only once per job, to introduce the peers
 * ({@link DriverRendezvous}).
 */
public final class ShardedAllReduce implements AutoCloseable {

  private final Address address;
  private final int self;
  private final int[] starts;
  private final PeerEndpoint endpoint;
  private final Mailbox mailbox;
  private final long timeoutNanos;
  private PeerTable peers;
  private ByteBuffer initialState;
  private TransportClient[] clients;
  private long messagesOut;
  private long bytesOut;

  /** Where a job's rendezvous is and how long a step may wait; travels with the tasks. */
  public static final class Address implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String host;
    final int port;
    final long job;
    final long timeoutMillis;
    final String label;
    final int firstStep;

    /**
     * @param label what the job trains, for messages (e.g. "MLPClassifier: epoch 3/20")
     * @param firstStep the epoch's step (0-based) that the job's round 1 runs
     */
    public Address(String host, int port, long job, long timeoutMillis, String label,
        int firstStep) {
      this.host = host;
      this.port = port;
      this.job = job;
      this.timeoutMillis = timeoutMillis;
      this.label = label;
      this.firstStep = firstStep;
    }

    /** "step 12 of MLPClassifier: epoch 3/20", or the initial exchange for round 0. */
    String describeRound(int round) {
      return round == 0 ? "the initial parameters of the job (" + label + ")"
          : "step " + (firstStep + round) + " (" + label + ")";
    }

    /** The job's key. */
    public long job() {
      return job;
    }
  }

  private ShardedAllReduce(Address address, int self, int parties, int numParams,
      float[] params, StepStats stats) {
    this.address = address;
    this.self = self;
    this.starts = new int[parties + 1];
    for (int p = 0; p <= parties; p++) {
      starts[p] = Chunks.rangeStart(numParams, p, parties);
    }
    this.endpoint = PeerEndpoint.get();
    this.mailbox = new Mailbox(address, self, starts, params,
        stats);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(address.timeoutMillis);
  }

  /**
   * Joins job {@code address} as partition {@code self} of {@code parties}: opens this task's
   * mailbox, registers with the driver, waits (bounded) for the peer table and connects to the
   * owners.
   *
   * @param params the task's float32 parameters; owners' shards are written into it
   * @param stats where partition 0 receives the owners' chunk sums
   */
  public static ShardedAllReduce join(Address address, int self, int parties, int numParams,
      float[] params, StepStats stats) {
    ShardedAllReduce ar = new ShardedAllReduce(address, self, parties, numParams, params, stats);
    ar.endpoint.open(ar.mailbox);
    try {
      ar.peers = ar.rendezvous();
      ar.clients = new TransportClient[parties];
      for (int q = 0; q < parties; q++) {
        if (q != self) {
          ar.clients[q] = ar.endpoint.client(ar.peers.host(q), ar.peers.port(q));
        }
      }
      return ar;
    } catch (RuntimeException e) {
      ar.close();
      throw e;
    }
  }

  private PeerTable rendezvous() {
    while (true) {
      ByteBuffer b = ask(joinRequest(), String.format(Locale.ROOT, "Rectifier: partition %d"
          + " waited for the other tasks of its job to start (rendezvous at the driver %s:%d)",
          self, address.host, address.port));
      if (b.remaining() >= 4 && b.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt()
          == PeerTable.COPY) {
        // A speculative copy: idle until Spark kills it (the first copy finished, or the job
        // failed) or the job is gone, asking once a second.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        Waits.until(this, () -> System.nanoTime() > until, Long.MAX_VALUE, () -> "");
        continue;
      }
      PeerTable table = PeerTable.decode(b);
      initialState = b.slice().order(ByteOrder.LITTLE_ENDIAN);
      return table;
    }
  }

  private ByteBuffer joinRequest() {
    String executor = endpoint.executorId();
    ByteBuffer join = Frame.allocate(Frame.JOIN, address.job, self, -1, 0,
        Frame.stringBytes(endpoint.host()) + 4 + Frame.stringBytes(executor));
    Frame.putString(join, endpoint.host());
    join.putInt(endpoint.port());
    Frame.putString(join, executor);
    join.flip();
    return join;
  }

  /** Sends a request to the driver and waits (bounded) for its answer (a copy of it). */
  private ByteBuffer ask(ByteBuffer request, String waitingFor) {
    CompletableFuture<ByteBuffer> answer = new CompletableFuture<>();
    TransportClient driver = endpoint.client(address.host, address.port);
    driver.sendRpc(request, new RpcResponseCallback() {
      @Override
      public void onSuccess(ByteBuffer response) {
        // The buffer is released after this call.
        ByteBuffer copy = ByteBuffer.allocate(response.remaining());
        copy.put(response).flip();
        answer.complete(copy);
        synchronized (answer) {
          answer.notifyAll();
        }
      }

      @Override
      public void onFailure(Throwable e) {
        answer.completeExceptionally(e);
        synchronized (answer) {
          answer.notifyAll();
        }
      }
    });
    Waits.until(answer, answer::isDone, timeoutNanos, () -> waitingFor);
    try {
      return answer.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new CollectiveException("Rectifier: partition " + self + " could not join its"
          + " training job at the driver: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * The float64 state of this task's shard as the driver sent it with the peer table (see
   * {@code ParameterShard#readShard}); little-endian.
   */
  public ByteBuffer initialState() {
    return initialState;
  }

  /**
   * Hands this task's final shard state to the driver and waits (bounded) for it to be taken:
   * a job whose tasks all returned has its state at the driver.
   *
   * @param bytes the state's size
   * @param writer writes the state into the buffer it is given
   */
  public void returnState(int bytes, java.util.function.Consumer<ByteBuffer> writer) {
    ByteBuffer b = Frame.allocate(Frame.STATE, address.job, self, -1, 0, bytes);
    writer.accept(b);
    b.flip();
    CompletableFuture<Void> taken = new CompletableFuture<>();
    endpoint.client(address.host, address.port).sendRpc(b, new RpcResponseCallback() {
      @Override
      public void onSuccess(ByteBuffer response) {
        taken.complete(null);
        synchronized (taken) {
          taken.notifyAll();
        }
      }

      @Override
      public void onFailure(Throwable e) {
        taken.completeExceptionally(e);
        synchronized (taken) {
          taken.notifyAll();
        }
      }
    });
    Waits.until(taken, taken::isDone, timeoutNanos, () -> "Rectifier: partition " + self
        + " could not hand its state to the driver at " + address.host + ":" + address.port);
    try {
      taken.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new CollectiveException("Rectifier: partition " + self + " could not hand its"
          + " state to the driver: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** First parameter this task owns. */
  public int shardStart() {
    return starts[self];
  }

  /** One past the last parameter this task owns. */
  public int shardEnd() {
    return starts[self + 1];
  }

  /** Whether this task receives slices (and so knows every step's scalars). */
  public boolean knowsStepScalars() {
    return mailbox.receivesSlices(self);
  }

  /**
   * Reduce-scatter of {@code round} (1-based step of the job): sends each owner its slice of
   * {@code part} (null: no rows here this step), then waits for every slice of this task's shard.
   */
  public void reduceScatter(int round, PartialGradient part) {
    Waits.checkAlive();
    boolean rows = part != null;
    double loss = rows ? part.lossSum : 0;
    double weight = rows ? part.weightSum : 0;
    double correct = rows ? part.correctSum : 0;
    long nanos = rows ? part.computeNanos : 0;
    mailbox.putOwnScalars(round, rows, loss, weight, correct, nanos);
    if (rows && mailbox.ownSlice() != null) {
      System.arraycopy(part.gradient, starts[self], mailbox.ownSlice(), 0,
          mailbox.length(self));
    }
    for (int q = 0; q < clients.length; q++) {
      if (q == self || !mailbox.receivesSlices(q)) {
        continue;
      }
      int floats = rows ? mailbox.length(q) : 0;
      Frame.Out m = new Frame.Out(Frame.SLICE, address.job, self, q, round, 1 + 32 + 4 * floats);
      m.body.put((byte) (rows ? 1 : 0)).putDouble(loss).putDouble(weight).putDouble(correct)
          .putLong(nanos);
      if (floats > 0) {
        Frame.putFloats(m.body, part.gradient, starts[q], floats);
      }
      send(q, m);
    }
    if (mailbox.receivesSlices(self)) {
      try {
        mailbox.awaitSlices(round, timeoutNanos, peers);
      } catch (CollectiveException e) {
        throw reportSilent(e);
      }
    }
  }

  /**
   * Tells the driver which executors went silent before the task fails: Spark's report of a
   * failed barrier stage carries only the failure's text, and the driver wants to replace them.
   */
  private CollectiveException reportSilent(CollectiveException e) {
    if (!e.silentExecutors().isEmpty()) {
      int bytes = 4;
      for (String id : e.silentExecutors()) {
        bytes += Frame.stringBytes(id);
      }
      ByteBuffer b = Frame.allocate(Frame.SILENT, address.job, self, -1, 0, bytes);
      b.putInt(e.silentExecutors().size());
      for (String id : e.silentExecutors()) {
        Frame.putString(b, id);
      }
      b.flip();
      try {
        endpoint.client(address.host, address.port).send(b);
      } catch (RuntimeException ignored) {
        // Best effort: the failure itself still names them.
      }
    }
    return e;
  }

  /** This task's shard's partials of {@code round}, in partition order (null: no rows). */
  public float[][] partials(int round) {
    return mailbox.partials(round);
  }

  /** The step scalars of {@code round}, in partition order; only if {@link #knowsStepScalars}. */
  public void stepScalars(int round, StepScalars into) {
    mailbox.sumScalars(round, into);
  }

  /**
   * For clipped steps: sends this owner's chunks' squared mean gradient (already in
   * {@code stats}) to every other owner and waits for theirs, so that each owner can compute the
   * global norm ({@code StepStats#gradientNorm}) before it steps. Tasks that own nothing skip it.
   */
  public void exchangeNorms(int round, StepStats stats) {
    int len = mailbox.length(self);
    if (len == 0) {
      return;
    }
    Waits.checkAlive();
    int c0 = starts[self] / Chunks.SIZE;
    int c1 = Chunks.count(starts[self + 1]);
    for (int q = 0; q < clients.length; q++) {
      if (q == self || mailbox.length(q) == 0) {
        continue;
      }
      Frame.Out m = new Frame.Out(Frame.NORM, address.job, self, q, round,
          StepStats.totalsByteSize(c0, c1));
      stats.writeTotals(c0, c1, m.body);
      send(q, m);
    }
    try {
      mailbox.awaitNorms(round, timeoutNanos, peers);
    } catch (CollectiveException e) {
      throw reportSilent(e);
    }
  }

  /**
   * All-gather of {@code round}: sends this task's shard of {@code params} (already updated)
   * to every task, with its chunks' step sums to partition 0, then waits for every other shard.
   * Round 0 shares the initial parameters.
   */
  public void allGather(int round, float[] params, StepStats stats) {
    Waits.checkAlive();
    mailbox.slicesConsumed(round);
    int len = mailbox.length(self);
    if (len > 0) {
      int c0 = starts[self] / Chunks.SIZE;
      int c1 = Chunks.count(starts[self + 1]);
      for (int q = 0; q < clients.length; q++) {
        if (q == self) {
          continue;
        }
        int statBytes = q == 0 && round > 0 ? stats.byteSize(c0, c1) : 0;
        Frame.Out m = new Frame.Out(Frame.SHARD, address.job, self, q, round,
            4 * len + statBytes);
        Frame.putFloats(m.body, params, starts[self], len);
        if (statBytes > 0) {
          stats.write(c0, c1, m.body);
        }
        send(q, m);
      }
    }
    try {
      mailbox.awaitShards(round, timeoutNanos, peers);
    } catch (CollectiveException e) {
      throw reportSilent(e);
    }
    mailbox.finishRound(round);
  }

  private void send(int q, Frame.Out m) {
    messagesOut++;
    bytesOut += m.size();
    m.send(clients[q]);
  }

  /** Messages this task sent so far. */
  public long messagesOut() {
    return messagesOut;
  }

  /** Bytes this task sent so far (collective headers and bodies; Spark adds a 21-byte frame). */
  public long bytesOut() {
    return bytesOut;
  }

  /** Messages this task received so far. */
  public long messagesIn() {
    return mailbox.messagesIn();
  }

  /** Bytes this task received so far. */
  public long bytesIn() {
    return mailbox.bytesIn();
  }

  /** Stops receiving for this task. */
  @Override
  public void close() {
    endpoint.close(mailbox);
  }

  /** This task's partition. */
  public int partition() {
    return self;
  }
}
