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

  /** Whether Spark may add and remove executors (and so runs no barrier stage). */
  public static boolean dynamicAllocation(SparkContext sc) {
    return !sc.isLocal() && sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false);
  }

  /**
   * The most task slots the training job may count on, to merge the data's partitions down to:
   * under dynamic allocation what the cluster may grow to
   * ({@code spark.dynamicAllocation.maxExecutors} x {@code spark.executor.cores} /
   * {@code spark.task.cpus}; unbounded when either is unset: standalone gives an executor all of
   * its worker's cores), otherwise the slots there are ({@link #awaitAny}).
   */
  public static int plan(SparkContext sc) {
    if (!dynamicAllocation(sc)) {
      return awaitAny(sc);
    }
    SparkConf conf = sc.getConf();
    int maxExecutors = conf.getInt("spark.dynamicAllocation.maxExecutors", Integer.MAX_VALUE);
    if (maxExecutors == Integer.MAX_VALUE || !conf.contains("spark.executor.cores")) {
      return Integer.MAX_VALUE;
    }
    long slots = (long) maxExecutors * slotsPerExecutor(conf);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, slots));
  }

  /** Task slots of one executor, from the settings (1 when its cores are not set). */
  static int slotsPerExecutor(SparkConf conf) {
    int cores = conf.getInt("spark.executor.cores", 1);
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    return Math.max(1, cores / Math.max(1, taskCpus));
  }

  /** What the gang of {@code partitions} tasks depends on, for messages. */
  static String gangSettings(SparkContext sc, int partitions) {
    SparkConf conf = sc.getConf();
    return String.format(Locale.ROOT, "it needs %d task slots at once; the settings that bound"
        + " them: spark.dynamicAllocation.maxExecutors=%s, spark.executor.cores=%s,"
        + " spark.task.cpus=%s (%d executors registered now)", partitions,
        conf.get("spark.dynamicAllocation.maxExecutors", "unset"),
        conf.get("spark.executor.cores", "unset"), conf.get("spark.task.cpus", "1"),
        sc.getExecutorIds().size());
  }

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
