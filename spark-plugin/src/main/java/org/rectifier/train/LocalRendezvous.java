package org.rectifier.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Barrier training for tasks that run inside the driver's JVM (Spark local mode, notebooks):
 * no sockets, no copies and no driver thread on the critical path. The tasks share the driver's
 * {@link TrainerState}; per step, once every task has handed in its partial gradient, each task
 * reduces and updates its own slice of the parameters (the update is elementwise, and partials
 * are summed in partition order, so the bits equal the other modes'), then all go on.
 */
final class LocalRendezvous {

  private static final Map<Long, LocalRendezvous> OPEN = new ConcurrentHashMap<>();
  /** A step that takes longer than this means a task died: give up. */
  private static final long STEP_TIMEOUT_MINUTES = 30;

  private final TrainerState state;
  private final float[] params;
  private final int partitions;
  private final PartialGradient[] slots;
  private final double[][] validation;
  private final SpinBarrier allHandedIn;
  private final SpinBarrier allReduced;

  private LocalRendezvous(TrainerState state, float[] params, int partitions) {
    this.state = state;
    this.params = params;
    this.partitions = partitions;
    this.slots = new PartialGradient[partitions];
    this.validation = new double[partitions][];
    this.allHandedIn = new SpinBarrier(partitions, STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    this.allReduced = new SpinBarrier(partitions, STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
  }

  /** Driver: opens the epoch's rendezvous under {@code token}, before its job starts. */
  static LocalRendezvous open(long token, TrainerState state, float[] params, int partitions) {
    LocalRendezvous r = new LocalRendezvous(state, params, partitions);
    OPEN.put(token, r);
    return r;
  }

  /** Task: the driver's rendezvous if this task runs in the driver's JVM, else null. */
  static LocalRendezvous find(long token) {
    return OPEN.get(token);
  }

  /** Task: this partition's validation sums, after its last step. */
  synchronized void putValidation(int partition, double[] sums) {
    validation[partition] = sums;
  }

  /** Driver, after the epoch's job: every partition's validation sums, in partition order. */
  static java.util.List<double[]> validationOf(long token) {
    LocalRendezvous r = OPEN.get(token);
    synchronized (r) {
      return java.util.Arrays.asList(r.validation.clone());
    }
  }

  /** Driver: ends the epoch; tasks still waiting are released with an error. */
  static void close(long token) {
    LocalRendezvous r = OPEN.remove(token);
    if (r != null) {
      r.allHandedIn.breakAll();
      r.allReduced.breakAll();
    }
  }

  /** The parameters every task computes with (written only between the two barriers). */
  float[] params() {
    return params;
  }

  /**
   * Task: one step's synchronization. Hands in {@code part}, waits for all, reduces this
   * partition's slice of the parameters, waits for all slices.
   */
  void step(int partition, PartialGradient part) throws InterruptedException {
    if (partition == 0) {
      state.prepareStep();
    }
    slots[partition] = part;
    allHandedIn.await();
    if (partition == 0) {
      state.sumScalars(slots);
    }
    state.reduceRange(slots, state.rangeStart(partition, partitions),
        state.rangeStart(partition + 1, partitions), params);
    allReduced.await();
    if (partition == 0) {
      state.finishStep();
    }
  }
}
