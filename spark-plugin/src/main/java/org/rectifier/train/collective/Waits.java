package org.rectifier.train.collective;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;

/**
 * Every wait of a training task: bounded by the collective's timeout, and given up at once when
 * Spark kills the task (a failed peer, a cancelled job group, an interrupted driver thread), so
 * no task outlives its job by more than a poll.
 */
final class Waits {

  /** Spin (yielding) this long before sleeping: steps are milliseconds apart. */
  private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** Longest sleep between checks of the task's state. */
  private static final long POLL_MILLIS = 50;

  private Waits() {}

  /**
   * Waits on {@code monitor} until {@code done} holds (checked under the monitor; whoever makes
   * it true must {@code notifyAll}).
   *
   * @param timeoutNanos give up after this long
   * @param what describes what is missing, for the timeout's message
   * @throws CollectiveException on timeout
   * @throws TaskKilledException when Spark killed the task
   */
  static void until(Object monitor, BooleanSupplier done, long timeoutNanos,
      Supplier<String> what) {
    until(monitor, done, timeoutNanos, what, java.util.List::of);
  }

  /** {@link #until}, naming {@code silent} executors in the timeout's exception. */
  static void until(Object monitor, BooleanSupplier done, long timeoutNanos,
      Supplier<String> what, Supplier<java.util.List<String>> silent) {
    long start = System.nanoTime();
    while (true) {
      synchronized (monitor) {
        if (done.getAsBoolean()) {
          return;
        }
      }
      checkAlive();
      long waited = System.nanoTime() - start;
      if (waited > timeoutNanos) {
        throw new CollectiveException(what.get() + " within "
            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s"
            + " (spark.rectifier.collective.timeout, by default spark.network.timeout)", null,
            silent.get());
      }
      if (waited < SPIN_NANOS) {
        Thread.yield();
        continue;
      }
      synchronized (monitor) {
        if (!done.getAsBoolean()) {
          try {
            monitor.wait(POLL_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checkAlive();
          }
        }
      }
    }
  }

  /** Throws if Spark killed this task or its thread was interrupted. */
  static void checkAlive() {
    TaskContext task = TaskContext.get();
    if (task != null && task.isInterrupted()) {
      throw new TaskKilledException(task.getKillReason().getOrElse(() -> "killed"));
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new TaskKilledException("interrupted");
    }
  }
}
