package org.rectifier.train.collective;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier that spins before it sleeps. Training tasks meet twice per step, a few
 * milliseconds apart; a parked thread takes over a millisecond to wake up on a virtualized
 * machine (measured here: ~1.5 ms per CyclicBarrier crossing, a third of a step), while each
 * task already owns a core, so a short spin costs nothing but latency saved. A waiter gives up
 * when Spark kills its task, when another party broke the barrier, or after the timeout.
 */
final class SpinBarrier {

  private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final int parties;
  private final long timeoutNanos;
  private final AtomicInteger arrived = new AtomicInteger();
  private volatile int generation;
  private volatile boolean broken;

  SpinBarrier(int parties, long timeoutMillis) {
    this.parties = parties;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  /**
   * Waits until all parties arrived.
   *
   * @throws IllegalStateException if the barrier was broken
   * @throws CollectiveException if the others did not arrive in time
   * @throws org.apache.spark.TaskKilledException if Spark killed this task
   */
  void await() {
    if (broken) {
      // A party that failed must not be replaced by a late one completing the barrier.
      throw new IllegalStateException("Rectifier: another training task failed");
    }
    int gen = generation;
    if (arrived.incrementAndGet() == parties) {
      arrived.set(0);
      generation = gen + 1;
      synchronized (this) {
        notifyAll();
      }
      return;
    }
    long start = System.nanoTime();
    try {
      while (generation == gen) {
        if (broken) {
          throw new IllegalStateException("Rectifier: another training task failed");
        }
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS) {
          // yield, not a busy spin: a third runnable thread (JIT, GC, Spark's own) must not be
          // starved by a waiter while the task everyone waits for shares its core.
          Thread.yield();
          continue;
        }
        Waits.checkAlive();
        if (waited > timeoutNanos) {
          throw new CollectiveException("Rectifier: a training task in this JVM stopped"
              + " responding for " + TimeUnit.NANOSECONDS.toSeconds(waited) + " s");
        }
        synchronized (this) {
          if (generation == gen && !broken) {
            try {
              wait(1);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      }
    } catch (RuntimeException e) {
      breakAll();
      throw e;
    }
  }

  /** Releases every waiting party with an error. */
  void breakAll() {
    broken = true;
    synchronized (this) {
      notifyAll();
    }
  }
}
