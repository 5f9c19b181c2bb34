package org.rectifier.train.collective;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rectifier.train.step.PartialGradient;
import org.rectifier.train.step.TrainerState;

/**
 * Barrier training for tasks that run inside the driver's JVM (Spark local mode, notebooks):
 * no sockets, no copies and no driver thread on the critical path. The tasks share the driver's
 * {@link TrainerState}; per step, once every task has handed in its partial gradient, each task
 * reduces and updates its own slice of the parameters (the update is elementwise, and partials
 * are summed in partition order, so the bits equal the other modes'), then all go on. Its waits
 * end when Spark kills a task, like the networked collective's.
 */
public final class LocalRendezvous {

  private static final Map<Long, LocalRendezvous> OPEN = new ConcurrentHashMap<>();

  private final TrainerState state;
  private final float[] params;
  private final int partitions;
  private final PartialGradient[] slots;
  private final double[][] validation;
  private final SpinBarrier allHandedIn;
  private final SpinBarrier allReduced;
  private final SpinBarrier allPrepared;
  private final java.util.concurrent.atomic.AtomicInteger active =
      new java.util.concurrent.atomic.AtomicInteger();

  private LocalRendezvous(TrainerState state, float[] params, int partitions,
      long timeoutMillis) {
    this.state = state;
    this.params = params;
    this.partitions = partitions;
    this.slots = new PartialGradient[partitions];
    this.validation = new double[partitions][];
    this.allHandedIn = new SpinBarrier(partitions, timeoutMillis);
    this.allReduced = new SpinBarrier(partitions, timeoutMillis);
    this.allPrepared = new SpinBarrier(partitions, timeoutMillis);
  }

  /**
   * Driver: opens the epoch's rendezvous under {@code token}, before its job starts.
   *
   * @param timeoutMillis how long a task waits for the others in a step
   */
  public static LocalRendezvous open(long token, TrainerState state, float[] params,
      int partitions, long timeoutMillis) {
    LocalRendezvous r = new LocalRendezvous(state, params, partitions, timeoutMillis);
    OPEN.put(token, r);
    return r;
  }

  private boolean closed;

  /**
   * Task: enters the job's steps at the driver's rendezvous (pair with {@link #leave}), or
   * returns null when this task does not run in the driver's JVM or its job already ended.
   */
  public static LocalRendezvous enter(long token) {
    LocalRendezvous r = OPEN.get(token);
    if (r == null) {
      return null;
    }
    synchronized (r) {
      if (r.closed) {
        return null;
      }
      r.active.incrementAndGet();
      return r;
    }
  }

  /** Task: this partition's validation sums, after its last step. */
  public synchronized void putValidation(int partition, double[] sums) {
    validation[partition] = sums;
  }

  /** Driver, after the epoch's job: every partition's validation sums, in partition order. */
  public static List<double[]> validationOf(long token) {
    LocalRendezvous r = OPEN.get(token);
    synchronized (r) {
      return Arrays.asList(r.validation.clone());
    }
  }

  /**
   * Driver: ends the job; tasks still waiting are released with an error. Waits (up to
   * {@code timeoutMillis}) until no task of the job is inside a step any more, so that a failed
   * job's stragglers cannot write the driver's state after it was restored.
   */
  public static void close(long token, long timeoutMillis) {
    LocalRendezvous r = OPEN.remove(token);
    if (r != null) {
      synchronized (r) {
        r.closed = true;
      }
      r.allHandedIn.breakAll();
      r.allReduced.breakAll();
      r.allPrepared.breakAll();
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (r.active.get() > 0 && System.currentTimeMillis() < deadline) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Task: has left the job's steps (normally or not). */
  public void leave() {
    active.decrementAndGet();
  }

  /** The parameters every task computes with (written only between the two barriers). */
  public float[] params() {
    return params;
  }

  /**
   * Task: one step's synchronization. Hands in {@code part}, waits for all, reduces this
   * partition's slice of the parameters, waits for all slices.
   */
  public void step(int partition, PartialGradient part) {
    // A task Spark killed stops here, at the next step, even while its peers keep pace.
    Waits.checkAlive();
    slots[partition] = part;
    allHandedIn.await();
    if (partition == 0) {
      state.sumScalars(slots);
    }
    int from = state.rangeStart(partition, partitions);
    int to = state.rangeStart(partition + 1, partitions);
    double scale = 1.0;
    if (state.clipping()) {
      // The global norm needs every range's squares before any range moves.
      state.prepareRange(slots, from, to);
      allPrepared.await();
      scale = state.clipScale();
      state.stepRange(slots, from, to, params, scale);
    } else {
      state.reduceRange(slots, from, to, params);
    }
    allReduced.await();
    if (partition == 0) {
      state.finishStep(scale);
    }
  }
}
