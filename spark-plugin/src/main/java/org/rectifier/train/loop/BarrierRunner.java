package org.rectifier.train.loop;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.TrainingConfigChecks;
import org.rectifier.train.collective.CollectiveException;
import org.rectifier.train.collective.DriverRendezvous;
import org.rectifier.train.collective.LocalRendezvous;
import org.rectifier.train.collective.ShardedAllReduce;
import org.rectifier.train.data.TrainingData;
import org.rectifier.train.step.ParameterShard;
import org.rectifier.train.step.StepTraffic;
import org.rectifier.train.step.TrainerState;
import scala.reflect.ClassTag$;

/**
 * Spark barrier jobs (one per epoch, or per ~{@link #SECONDS_PER_JOB} of steps for long epochs)
 * whose tasks stay up for all the job's steps. On a cluster the tasks run a sharded all-reduce
 * among themselves over Spark's transport ({@link ShardedStepsTask}): each owns a shard of the
 * weights and optimizer state for the job, and the driver only introduces them and takes the
 * state back when the job ends. In local mode the tasks share the driver's arrays
 * ({@link LocalStepsTask}). The scheduler is paid once per job instead of once per step.
 * Barrier mode gang-schedules the tasks, so the data has at most one partition per task slot.
 */
public final class BarrierRunner implements EpochRunner {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(BarrierRunner.class);

  /**
   * Wall time one barrier job should cover by default: long enough that the job's own cost (tens
   * of milliseconds, plus shipping the state) stays near 1%, short enough that the Spark UI's
   * job descriptions show where training is within an epoch. The thread-local Spark property
   * {@link #SECONDS_PER_JOB_KEY} overrides it.
   */
  public static final double SECONDS_PER_JOB = 10.0;
  /** Local property naming the wall time per barrier job, in seconds. */
  public static final String SECONDS_PER_JOB_KEY = "spark.rectifier.barrier.secondsPerJob";
  /**
   * Local property or Spark setting: {@code network} runs the sharded all-reduce over Spark's
   * transport even in local mode (tests and benchmarks of the cluster path on one machine);
   * the default {@code auto} shares arrays when the tasks run in the driver's JVM.
   */
  public static final String COLLECTIVE_KEY = "spark.rectifier.barrier.collective";
  /** Spark setting: how long a task waits for its peers in a step (default: network timeout). */
  public static final String TIMEOUT_KEY = "spark.rectifier.collective.timeout";

  private final Topology topology;
  private final FailureBudget budget;
  private final SecureRandom random = new SecureRandom();
  private DriverRendezvous rendezvous;
  private TaskPlacement placement;
  /** Steps per barrier job, from the last job's pace; a whole epoch until measured. */
  private int stepsPerJob = Integer.MAX_VALUE;
  private double bytesOut;
  private double bytesIn;
  private double messagesOut;
  private double messagesIn;
  private double driverBytes;
  private double driverMessages;
  private final double[] phaseMillis = new double[3];

  /** A runner for {@code topology} that retries failed jobs within {@code budget}. */
  public BarrierRunner(Topology topology, FailureBudget budget) {
    this.topology = topology;
    this.budget = budget;
  }

  @Override
  public EpochOutcome run(TrainingData data, TrainerState state, EpochOrder order,
      Holdout holdout, String description) {
    SparkContext sc = data.blocks().context();
    int steps = order.numSteps();
    int segments = Math.max(1, (int) Math.ceil(steps / (double) stepsPerJob));
    state.beginEpoch();
    bytesOut = bytesIn = messagesOut = messagesIn = driverBytes = driverMessages = 0;
    java.util.Arrays.fill(phaseMillis, 0);
    boolean network = usesNetwork(sc);
    double[] validation = null;
    for (int s = 0; s < segments; s++) {
      int from = (int) ((long) steps * s / segments);
      int to = (int) ((long) steps * (s + 1) / segments);
      boolean last = s == segments - 1;
      sc.setJobDescription(String.format(Locale.ROOT, "%s, steps %d-%d of %d (barrier)",
          description, from + 1, to, steps));
      long start = System.nanoTime();
      StepsSpec spec = new StepsSpec(topology, order, from, to, last ? holdout : null,
          data.partitionOffsets());
      validation = runWithRetries(data, state, spec, description, network, steps);
      double secondsPerStep = (System.nanoTime() - start) / 1e9 / Math.max(1, to - from);
      double target = TrainingConfigChecks.secondsPerJob(sc);
      stepsPerJob = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
          target / Math.max(secondsPerStep, 1e-9)));
    }
    double n = Math.max(1, steps);
    double[] perStep = new double[3];
    for (int i = 0; i < 3; i++) {
      perStep[i] = phaseMillis[i] / n;
    }
    StepTraffic traffic = network ? new StepTraffic(bytesOut / n, bytesIn / n, messagesOut / n,
        messagesIn / n, driverBytes / n, driverMessages / n, perStep) : StepTraffic.NONE;
    return new EpochOutcome(state.epoch(), steps, validation, traffic);
  }

  /**
   * Runs one job of steps; if it fails with something a retry could get past, goes back to the
   * state it started from (the driver holds it at every job boundary) and runs it again, as
   * long as the fit's failure budget lasts. Training is deterministic, so the bits are those of
   * a run that never failed.
   */
  private double[] runWithRetries(TrainingData data, TrainerState state, StepsSpec spec,
      String description, boolean network, int steps) {
    SparkContext sc = data.blocks().context();
    int parties = data.blocks().getNumPartitions();
    boolean retry = false;
    while (true) {
      // The sharded path leaves the driver's state alone until a job succeeds; in one JVM the
      // tasks update it in place, so keep a copy to go back to.
      TrainerState.Snapshot before = network ? null : state.snapshot();
      if (retry) {
        // A lost executor is usually replaced within seconds; a lost host may never be.
        TaskSlots.await(sc, parties, timeoutMillis(sc));
      } else {
        TaskSlots.require(sc, parties);
      }
      try {
        return network ? runSharded(data, state, spec, description)
            : runInDriverJvm(data, state, spec);
      } catch (RuntimeException e) {
        if (!FailureBudget.retryable(e, sc)) {
          throw e;
        }
        if (before != null) {
          state.restore(before);
        }
        replaceSilentExecutors(sc, e);
        String where = String.format(Locale.ROOT, "%s, steps %d-%d of %d", description,
            spec.from + 1, spec.to, steps);
        budget.failed(e, where, String.format(Locale.ROOT,
            "it got as far as step %d of %s (%d steps), the start of the failed job",
            spec.from, description, steps));
        retry = true;
      }
    }
  }

  /**
   * A peer that sent nothing for the whole timeout is hung or cut off (a frozen JVM, a host gone
   * without closing its sockets). Spark would keep offering its slots until its own heartbeat
   * timeout, so a retry could not start: ask the cluster manager to replace it now.
   */
  private static void replaceSilentExecutors(SparkContext sc, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CollectiveException) {
        for (String id : ((CollectiveException) t).silentExecutors()) {
          if (!"driver".equals(id)) {
            LOG.warn("Rectifier: executor {} sent no training traffic within the timeout;"
                + " asking the cluster manager to replace it", id);
            sc.killAndReplaceExecutor(id);
          }
        }
        return;
      }
    }
  }

  private static boolean usesNetwork(SparkContext sc) {
    return !sc.isLocal() || TrainingConfigChecks.networkCollective(sc);
  }

  private static long timeoutMillis(SparkContext sc) {
    return TrainingConfigChecks.collectiveTimeoutMillis(sc);
  }


  /** One job of steps over the sharded all-reduce; returns the validation sums, if any. */
  private double[] runSharded(TrainingData data, TrainerState state, StepsSpec spec,
      String description) {
    SparkContext sc = data.blocks().context();
    int parties = data.blocks().getNumPartitions();
    if (rendezvous == null) {
      rendezvous = DriverRendezvous.open(sc);
      placement = new TaskPlacement(sc);
    }
    long job = random.nextLong();
    ParameterShard whole = state.shard();
    int numParams = whole.to();
    ShardExchange exchange = new ShardExchange(whole, parties);
    ShardedAllReduce.Address address = new ShardedAllReduce.Address(rendezvous.host(),
        rendezvous.port(), job, timeoutMillis(sc), description, spec.from);
    rendezvous.expect(job, parties, exchange);
    try {
      JavaFutureAction<List<SegmentResult>> action = data.blocks().rdd().barrier()
          .mapPartitionsWithIndex(new ShardedStepsTask(spec, address, parties,
              whole.slice(0, 0), state.epoch().stepSumsCopy()), false,
              ClassTag$.MODULE$.apply(SegmentResult.class))
          .toJavaRDD().collectAsync();
      List<SegmentResult> results;
      try {
        results = await(action);
      } catch (RuntimeException e) {
        throw withNeverJoined(e, job, action, description);
      } finally {
        for (Integer id : action.jobIds()) {
          placement.forget(id);
        }
      }
      // Every task handed its shard back before it ended; only now does the state move.
      exchange.absorbInto(whole);
      driverBytes += exchange.bytes();
      driverMessages += 2.0 * parties;
      return absorb(state, results);
    } finally {
      rendezvous.forget(job);
    }
  }

  /**
   * A job whose gang never formed failed in the tasks that did join, which cannot know who is
   * missing; the driver does: name the partitions that never joined, with the executor and host
   * Spark launched them on, so that they can be replaced.
   */
  private RuntimeException withNeverJoined(RuntimeException failure, long job,
      JavaFutureAction<?> action, String description) {
    List<Integer> missing = rendezvous.notJoined(job);
    java.util.Set<String> silent = rendezvous.silentExecutors(job);
    if (!silent.isEmpty()) {
      return new CollectiveException(failure.getMessage(), failure, List.copyOf(silent));
    }
    if (missing.isEmpty() || action.jobIds().isEmpty()) {
      return failure;
    }
    int jobId = action.jobIds().get(0);
    List<String> names = new ArrayList<>();
    List<String> executors = new ArrayList<>();
    for (int p : missing) {
      String[] where = placement.of(jobId, p);
      if (where == null) {
        names.add("partition " + p + " (not launched)");
      } else {
        names.add("partition " + p + " (executor " + where[0] + " on " + where[1] + ")");
        executors.add(where[0]);
      }
    }
    return new CollectiveException(String.format(Locale.ROOT, "Rectifier: the tasks of %s"
        + " did not all reach the rendezvous: %s never joined. %s", description,
        String.join(", ", names), failure.getMessage()), failure, executors);
  }

  /** Takes the tasks' sums back, in partition order. */
  private double[] absorb(TrainerState state, List<SegmentResult> results) {
    List<double[]> validation = new ArrayList<>();
    double maxOut = 0;
    double maxIn = 0;
    double maxMsgOut = 0;
    double maxMsgIn = 0;
    double[] maxPhase = new double[3];
    for (SegmentResult r : results) {
      for (int i = 0; i < 3; i++) {
        maxPhase[i] = Math.max(maxPhase[i], r.phaseNanos[i] / 1e6);
      }
      if (r.totals != null) {
        state.epoch().setStepSums(r.totals);
      }
      state.epoch().mergeActivity(r.activity);
      if (r.validation != null) {
        validation.add(r.validation);
      }
      maxOut = Math.max(maxOut, r.bytesOut);
      maxIn = Math.max(maxIn, r.bytesIn);
      maxMsgOut = Math.max(maxMsgOut, r.messagesOut);
      maxMsgIn = Math.max(maxMsgIn, r.messagesIn);
    }
    bytesOut += maxOut;
    bytesIn += maxIn;
    messagesOut += maxMsgOut;
    messagesIn += maxMsgIn;
    for (int i = 0; i < 3; i++) {
      phaseMillis[i] += maxPhase[i];
    }
    return validation.isEmpty() ? null : ValidationSums.add(validation);
  }

  /** Local mode: the tasks share this JVM and do the steps among themselves. */
  private double[] runInDriverJvm(TrainingData data, TrainerState state, StepsSpec spec) {
    SparkContext sc = data.blocks().context();
    int parties = data.blocks().getNumPartitions();
    long token = random.nextLong();
    float[] params = Convert.toFloat(state.weights());
    LocalRendezvous.open(token, state, params, parties, timeoutMillis(sc));
    try {
      JavaFutureAction<Void> job = data.blocks().rdd().barrier()
          .mapPartitionsWithIndex(new LocalStepsTask(spec, token), false,
              ClassTag$.MODULE$.apply(Object.class))
          .toJavaRDD().foreachAsync(x -> { });
      await(job);
      return spec.holdout != null ? ValidationSums.add(LocalRendezvous.validationOf(token))
          : null;
    } finally {
      LocalRendezvous.close(token, timeoutMillis(sc));
    }
  }

  /**
   * The job's result. The wait is the job's own: a failed or cancelled job (a lost executor, a
   * peer's timeout, {@code cancelJobGroup}) ends it, and an interrupt of this thread cancels the
   * job, whose tasks then stop at their next check.
   */
  private static <T> T await(JavaFutureAction<T> job) {
    try {
      return job.get();
    } catch (InterruptedException e) {
      job.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Rectifier: interrupted while training; the training job"
          + " was cancelled", e);
    } catch (ExecutionException e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof CollectiveException) {
          // The first task to give up names the peer it lost; say that, not "stage failure".
          throw new CollectiveException(t.getMessage(), e.getCause(),
              ((CollectiveException) t).silentExecutors());
        }
      }
      throw InvalidInputException.surface(e.getCause());
    }
  }

  @Override
  public void close() {
    if (rendezvous != null) {
      rendezvous.close();
      placement.close();
    }
  }
}
