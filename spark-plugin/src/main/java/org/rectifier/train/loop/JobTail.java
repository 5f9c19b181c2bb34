package org.rectifier.train.loop;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The end of one training job, as its tasks finish. Once one task of the job ended well, every
 * peer has made the job's last exchange (its final shard reached that task), so what is left of
 * each is local: hand its shard to the driver and return its sums. A task that still has not
 * ended a collective timeout later is hung (a frozen JVM, a host gone without closing its
 * sockets) and would otherwise hold the job until Spark's heartbeat timeout.
 */
final class JobTail {

  private final BitSet ended = new BitSet();
  private long firstEndNanos = -1;

  /** Records that partition {@code p}'s task ended well at {@code nanos}. */
  synchronized void ended(int p, long nanos) {
    if (firstEndNanos < 0) {
      firstEndNanos = nanos;
    }
    ended.set(p);
  }

  /**
   * The partitions of {@code parties} that have not ended although a peer ended more than
   * {@code timeoutNanos} before {@code nowNanos}; empty while none is overdue.
   */
  synchronized List<Integer> overdue(int parties, long nowNanos, long timeoutNanos) {
    List<Integer> late = new ArrayList<>();
    if (firstEndNanos < 0 || nowNanos - firstEndNanos <= timeoutNanos) {
      return late;
    }
    for (int p = ended.nextClearBit(0); p < parties; p = ended.nextClearBit(p + 1)) {
      late.add(p);
    }
    return late;
  }

  /** Seconds since the first task ended, at {@code nowNanos}. */
  synchronized double secondsSinceFirstEnd(long nowNanos) {
    return firstEndNanos < 0 ? 0 : (nowNanos - firstEndNanos) / 1e9;
  }
}
