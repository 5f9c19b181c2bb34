package org.rectifier.train.collective;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rectifier.train.step.Chunks;
import org.rectifier.train.step.StepScalars;
import org.rectifier.train.step.StepStats;

/**
 * What one task of one job receives, decoded straight into place on the transport's threads: the
 * peers' slices of the gradient for this task's shard, their step scalars, and the owners'
 * updated shards into the task's float32 parameters.
 *
 * <p>Rounds are lock-step, so one buffer per sender suffices for the floats: a peer sends round
 * r+1's slice only after it has every shard of round r, including this task's, which this task
 * sends only after it consumed round r's slices. Step scalars alone can run one round ahead (to
 * partition 0 when its shard is empty), so they and the arrival counts alternate between two
 * slots by round parity. Anything else (a repeated or skipped round, a wrong length) is a
 * protocol failure that fails the step.
 */
final class Mailbox {

  final long job;
  final int self;
  private final ShardedAllReduce.Address address;
  private final int parties;
  private final int[] starts;
  private final float[] params;
  private final StepStats stats;
  private final float[][] slices;
  private final boolean[][] present;
  private final double[][] loss;
  private final double[][] weight;
  private final double[][] correct;
  private final long[][] nanos;
  private final int[] sliceArrivals = new int[2];
  private final int[] shardArrivals = new int[2];
  private final int[] normArrivals = new int[2];
  private final int[] lastNormRound;
  private final int[] lastSliceRound;
  private final int[] lastShardRound;
  private final int expectedSlices;
  private final int expectedShards;
  private int consumedSliceRound;
  private String failure;
  private long messagesIn;
  private long bytesIn;

  /**
   * @param starts shard boundaries: partition p owns parameters [starts[p], starts[p+1])
   * @param params the task's float32 parameters, which owners' shards are written into
   * @param stats where partition 0 receives the owners' chunk sums, and every owner the others'
   *     gradient squares when steps are clipped
   */
  Mailbox(ShardedAllReduce.Address address, int self, int[] starts, float[] params,
      StepStats stats) {
    this.address = address;
    this.job = address.job;
    this.self = self;
    this.parties = starts.length - 1;
    this.starts = starts;
    this.params = params;
    this.stats = stats;
    int mine = length(self);
    this.slices = new float[parties][];
    for (int q = 0; q < parties; q++) {
      slices[q] = mine > 0 ? new float[mine] : null;
    }
    present = new boolean[2][parties];
    loss = new double[2][parties];
    weight = new double[2][parties];
    correct = new double[2][parties];
    nanos = new long[2][parties];
    lastSliceRound = new int[parties];
    lastShardRound = new int[parties];
    lastNormRound = new int[parties];
    java.util.Arrays.fill(lastShardRound, -1);
    expectedSlices = receivesSlices(self) ? parties - 1 : 0;
    int owners = 0;
    for (int q = 0; q < parties; q++) {
      owners += q != self && length(q) > 0 ? 1 : 0;
    }
    expectedShards = owners;
  }

  int length(int partition) {
    return starts[partition + 1] - starts[partition];
  }

  /** Owners reduce their shard; partition 0 also adds up every step's scalars. */
  boolean receivesSlices(int partition) {
    return length(partition) > 0 || partition == 0;
  }

  /** The buffer this task's own slice goes into (its shard of its own partial). */
  float[] ownSlice() {
    return slices[self];
  }

  /** Records this task's own scalars for {@code round}. */
  synchronized void putOwnScalars(int round, boolean hasRows, double l, double w, double c,
      long n) {
    int s = round & 1;
    present[s][self] = hasRows;
    loss[s][self] = l;
    weight[s][self] = w;
    correct[s][self] = c;
    nanos[s][self] = n;
  }

  /** Called on a transport thread with a message addressed to this task. */
  synchronized void deliver(Frame f, ByteBuffer body) {
    messagesIn++;
    bytesIn += Frame.HEADER_BYTES + body.remaining();
    String error = f.kind == Frame.SLICE ? takeSlice(f, body)
        : f.kind == Frame.SHARD ? takeShard(f, body)
        : f.kind == Frame.NORM ? takeNorm(f, body)
        : "unexpected message kind " + f.kind;
    if (error != null && failure == null) {
      failure = String.format(Locale.ROOT, "partition %d got a bad message from partition %d"
          + " for %s: %s", self, f.from, address.describeRound(f.round), error);
    }
    notifyAll();
  }

  private String takeSlice(Frame f, ByteBuffer body) {
    int q = f.from;
    if (q < 0 || q >= parties || q == self || !receivesSlices(self)) {
      return "no slice expected from it";
    }
    if (f.round != lastSliceRound[q] + 1) {
      return "expected round " + (lastSliceRound[q] + 1);
    }
    int s = f.round & 1;
    boolean rows = body.get() != 0;
    loss[s][q] = body.getDouble();
    weight[s][q] = body.getDouble();
    correct[s][q] = body.getDouble();
    nanos[s][q] = body.getLong();
    present[s][q] = rows;
    int floats = rows && slices[q] != null ? slices[q].length : 0;
    if (body.remaining() != 4 * floats) {
      return "slice of " + body.remaining() + " bytes, expected " + 4 * floats;
    }
    if (floats > 0) {
      if (f.round != consumedSliceRound + 1) {
        return "slice arrived before round " + consumedSliceRound + " was reduced";
      }
      Frame.getFloats(body, slices[q], 0, floats);
    }
    lastSliceRound[q] = f.round;
    sliceArrivals[s]++;
    return null;
  }

  private String takeNorm(Frame f, ByteBuffer body) {
    int q = f.from;
    if (q < 0 || q >= parties || q == self || length(q) == 0 || length(self) == 0) {
      return "no gradient norm expected from it";
    }
    if (f.round != lastNormRound[q] + 1) {
      return "expected round " + (lastNormRound[q] + 1);
    }
    int c0 = starts[q] / Chunks.SIZE;
    int c1 = Chunks.count(starts[q + 1]);
    if (body.remaining() != StepStats.totalsByteSize(c0, c1)) {
      return "norm message of " + body.remaining() + " bytes";
    }
    stats.readTotals(c0, c1, body);
    lastNormRound[q] = f.round;
    normArrivals[f.round & 1]++;
    return null;
  }

  /** Waits for every other owner's gradient squares of {@code round} (clipping). */
  void awaitNorms(int round, long timeoutNanos, PeerTable peers) {
    int owners = expectedShards;
    Waits.until(this, () -> failure != null || normArrivals[round & 1] == owners,
        timeoutNanos, () -> missing("its gradient norm", round, false, peers),
        () -> silent(round, false, peers));
    throwIfFailed();
    synchronized (this) {
      normArrivals[round & 1] = 0;
    }
  }

  private String takeShard(Frame f, ByteBuffer body) {
    int q = f.from;
    if (q < 0 || q >= parties || q == self || length(q) == 0) {
      return "no shard expected from it";
    }
    if (f.round != lastShardRound[q] + 1) {
      return "expected round " + (lastShardRound[q] + 1);
    }
    int c0 = starts[q] / Chunks.SIZE;
    int c1 = Chunks.count(starts[q + 1]);
    int statBytes = self == 0 && f.round > 0 ? stats.byteSize(c0, c1) : 0;
    if (body.remaining() != 4 * length(q) + statBytes) {
      return "shard of " + body.remaining() + " bytes, expected " + (4 * length(q) + statBytes);
    }
    Frame.getFloats(body, params, starts[q], length(q));
    if (statBytes > 0) {
      stats.read(c0, c1, body);
    }
    lastShardRound[q] = f.round;
    shardArrivals[f.round & 1]++;
    return null;
  }

  /** Waits for every peer's slice of {@code round}. */
  void awaitSlices(int round, long timeoutNanos, PeerTable peers) {
    Waits.until(this, () -> failure != null || sliceArrivals[round & 1] == expectedSlices,
        timeoutNanos, () -> missing("a gradient slice", round, true, peers),
        () -> silent(round, true, peers));
    throwIfFailed();
  }

  /** Waits for every owner's shard of {@code round}. */
  void awaitShards(int round, long timeoutNanos, PeerTable peers) {
    Waits.until(this, () -> failure != null || shardArrivals[round & 1] == expectedShards,
        timeoutNanos, () -> missing("its updated shard", round, false, peers),
        () -> silent(round, false, peers));
    throwIfFailed();
  }

  private synchronized void throwIfFailed() {
    if (failure != null) {
      throw new CollectiveException("Rectifier: " + failure);
    }
  }

  /**
   * The step scalars of {@code round}, summed in partition order over the partitions that had
   * rows (only where {@link #receivesSlices} holds for this task).
   */
  synchronized void sumScalars(int round, StepScalars into) {
    int s = round & 1;
    into.clear();
    for (int q = 0; q < parties; q++) {
      if (present[s][q]) {
        into.add(loss[s][q], weight[s][q], correct[s][q], nanos[s][q]);
      }
    }
  }

  /** The partials of this task's shard for the reduce, in partition order (null: no rows). */
  synchronized float[][] partials(int round) {
    int s = round & 1;
    float[][] out = new float[parties][];
    for (int q = 0; q < parties; q++) {
      out[q] = present[s][q] ? slices[q] : null;
    }
    return out;
  }

  /**
   * Marks the slices of {@code round} as reduced; must precede sending this task's shard, after
   * which peers may send the next round's slices into the same buffers.
   */
  synchronized void slicesConsumed(int round) {
    consumedSliceRound = round;
  }

  /** Ends {@code round}: its slots may be reused two rounds later. */
  synchronized void finishRound(int round) {
    sliceArrivals[round & 1] = 0;
    shardArrivals[round & 1] = 0;
    consumedSliceRound = round;
  }

  synchronized long messagesIn() {
    return messagesIn;
  }

  synchronized long bytesIn() {
    return bytesIn;
  }

  private synchronized List<String> silent(int round, boolean slice, PeerTable peers) {
    List<String> who = new ArrayList<>();
    int[] last = slice ? lastSliceRound : lastShardRound;
    for (int q = 0; q < parties; q++) {
      if (q != self && (slice || length(q) > 0) && last[q] < round) {
        who.add(peers.executor(q));
      }
    }
    return who;
  }

  private synchronized String missing(String what, int round, boolean slice, PeerTable peers) {
    List<String> who = new ArrayList<>();
    int[] last = slice ? lastSliceRound : lastShardRound;
    for (int q = 0; q < parties; q++) {
      boolean expected = q != self && (slice || length(q) > 0);
      if (expected && last[q] < round) {
        who.add(peers.describe(q));
      }
    }
    return String.format(Locale.ROOT, "Rectifier: partition %d waited for %s of %s from %s;"
        + " nothing came", self, what, address.describeRound(round), String.join(", ", who));
  }
}
