package org.rectifier.train.loop;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * How many tasks the cluster can run at once: what a barrier stage needs one of per partition.
 * Counted as Spark's own barrier check counts them (registered executors' cores divided by
 * {@code spark.task.cpus}, for the default resource profile), not from
 * {@code defaultParallelism}, which counts cores and so is too high when a task takes more than
 * one. Spark itself, short of slots, retries its check for about ten minutes and then fails
 * with [SPARK-24819]; training fails at once instead, saying what to change.
 */
public final class TaskSlots {

  private static final long POLL_MILLIS = 100;

  private TaskSlots() {}

  /** Task slots of the registered executors. */
  public static int available(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }

  /**
   * The slots. While no executor is registered (a fit may start right after its application),
   * waits up to {@code spark.scheduler.maxRegisteredResourcesWaitingTime} (30 s by default) for
   * one; executors whose cores make no slot fail at once.
   *
   * @throws IllegalStateException when there is no slot
   */
  public static int awaitAny(SparkContext sc) {
    long waitMs = sc.getConf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime",
        "30s");
    long deadline = System.currentTimeMillis() + waitMs;
    int slots = available(sc);
    while (slots == 0 && sc.getExecutorIds().isEmpty() && !sc.isLocal()
        && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Rectifier: interrupted while waiting for executors", e);
      }
      slots = available(sc);
    }
    if (slots == 0) {
      throw shortOf(sc, 1, 0, sc.getExecutorIds().isEmpty() ? waitMs : 0);
    }
    return slots;
  }

  /**
   * Waits up to {@code timeoutMillis} for {@code partitions} slots (after a lost executor, while
   * the cluster replaces it), then fails as {@link #require} does.
   */
  public static void await(SparkContext sc, int partitions, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (available(sc) < partitions && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Rectifier: interrupted while waiting for executors", e);
      }
    }
    int slots = available(sc);
    if (slots < partitions) {
      throw shortOf(sc, partitions, slots, timeoutMillis);
    }
  }

  /** Fails at once, saying what to set, if fewer than {@code partitions} slots exist. */
  public static void require(SparkContext sc, int partitions) {
    int slots = available(sc);
    if (slots < partitions) {
      throw shortOf(sc, partitions, slots, 0);
    }
  }

  private static IllegalStateException shortOf(SparkContext sc, int needed, int slots,
      long waitedMs) {
    SparkConf conf = sc.getConf();
    int executors = sc.getExecutorIds().size();
    return new IllegalStateException(String.format(Locale.ROOT,
        "Rectifier: barrier training runs one task per partition of the cached training data,"
            + " all at once, and needs %d task slot%s; the cluster has %d%s (%d executor%s"
            + " registered, spark.executor.cores=%s, spark.task.cpus=%s; a slot is an executor's"
            + " cores divided by spark.task.cpus). Add executors, raise spark.executor.cores or"
            + " lower spark.task.cpus, or set executionMode=jobPerStep, which needs no gang.",
        needed, needed == 1 ? "" : "s", slots,
        waitedMs > 0 ? " after waiting " + waitedMs / 1000 + " s" : "", executors,
        executors == 1 ? "" : "s", conf.get("spark.executor.cores", "unset"),
        conf.get("spark.task.cpus", "1")));
  }
}
