package org.rectifier.train.loop;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import org.rectifier.train.data.SliceOptions;
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
  /**
   * Local property or Spark setting: {@code true} runs every job as an ordinary-task gang, as
   * under dynamic allocation, even where Spark would run a barrier stage (tests, benchmarks).
   */
  public static final String GANG_KEY = "spark.rectifier.barrier.gang";
  /** Spark setting: how long a task waits for its peers in a step (default: network timeout). */
  public static final String TIMEOUT_KEY = "spark.rectifier.collective.timeout";

  private final Topology topology;
  private final SliceOptions options;
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
  /** Ordinary tasks that meet at the rendezvous, where Spark runs no barrier stage. */
  private boolean gang;
  /** One job per step for the rest of the fit, after a gang did not form. */
  private StepJobsRunner fallback;
  /** Gangs formed, and how long they took from their job's submission (scale-up included). */
  private int gangJobs;
  private long gangMillis;
  private long slowestGangMillis;
  private String path = "barrier";
  private String pathReason = "the default: one Spark barrier stage per job";

  /**
   * A runner for {@code topology} whose steps treat rows by {@code options}, retrying failed
   * jobs within {@code budget}.
   */
  public BarrierRunner(Topology topology, SliceOptions options, FailureBudget budget) {
    this.topology = topology;
    this.options = options;
    this.budget = budget;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String pathReason() {
    return gangJobs == 0 ? pathReason : String.format(Locale.ROOT, "%s; its %d gang(s) formed"
        + " within %.2f s of their job's submission at most, %.2f s in all", pathReason,
        gangJobs, slowestGangMillis / 1000.0, gangMillis / 1000.0);
  }

  private void useGang(String why) {
    gang = true;
    path = "gang";
    pathReason = why + "; the tasks of each job are ordinary tasks that meet at the driver's"
        + " rendezvous, over the same collective";
    LOG.warn("Rectifier: {}", pathReason);
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
    if (!gang && fallback == null && TaskSlots.dynamicAllocation(sc)) {
      useGang("spark.dynamicAllocation.enabled=true, and Spark runs no barrier stage with"
          + " dynamic allocation (SPARK-24942)");
    } else if (!gang && fallback == null && network && TrainingConfigChecks.forcedGang(sc)) {
      useGang(GANG_KEY + "=true");
    }
    double[] validation = null;
    for (int s = 0; s < segments; s++) {
      int from = (int) ((long) steps * s / segments);
      int to = (int) ((long) steps * (s + 1) / segments);
      boolean last = s == segments - 1;
      if (fallback != null) {
        fallback.steps(data, state, order, from, to, description);
        validation = last && holdout != null
            ? fallback.validation(data, state, holdout, description) : null;
        continue;
      }
      sc.setJobDescription(String.format(Locale.ROOT, "%s, steps %d-%d of %d (%s)",
          description, from + 1, to, steps, gang ? "gang" : "barrier"));
      long start = System.nanoTime();
      StepsSpec spec = new StepsSpec(topology, options, order, from, to, last ? holdout : null,
          data.partitionOffsets());
      try {
        validation = runWithRetries(data, state, spec, description, network, steps);
      } catch (GangNotFormedException e) {
        fallback = new StepJobsRunner(topology, options, budget);
        path = "jobPerStep";
        pathReason = e.getMessage() + " So the fit goes on with one Spark job per step"
            + " (executionMode=jobPerStep): the same weights, slower steps.";
        LOG.warn("{}", pathReason);
        s--;
        continue;
      }
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
      if (gang) {
        // Ordinary tasks wait for slots in Spark's queue; the gang's bound covers that.
      } else if (retry) {
        // A lost executor is usually replaced within seconds; a lost host may never be.
        TaskSlots.await(sc, parties, timeoutMillis(sc));
      } else {
        TaskSlots.require(sc, parties);
      }
      try {
        return network ? runSharded(data, state, spec, description)
            : runInDriverJvm(data, state, spec);
      } catch (GangNotFormedException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!gang && refusedBarrier(e)) {
          useGang("Spark refused the barrier stage: " + firstLine(e.getMessage()));
          continue;
        }
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

  /** Whether Spark refused to run a barrier stage at all (not a failure of one). */
  private static boolean refusedBarrier(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("SPARK-24942")
          || m.contains("does not support dynamic resource allocation"))) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String m) {
    int nl = m == null ? -1 : m.indexOf('\n');
    return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
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
      ShardedStepsTask task = new ShardedStepsTask(spec, address, parties, whole.slice(0, 0),
          state.epoch().stepSumsCopy());
      if (gang) {
        requestExecutors(sc, parties);
      }
      JavaFutureAction<List<SegmentResult>> action = (gang
          ? data.blocks().rdd().mapPartitionsWithIndex(task, false,
              ClassTag$.MODULE$.apply(SegmentResult.class))
          : data.blocks().rdd().barrier().mapPartitionsWithIndex(task, false,
              ClassTag$.MODULE$.apply(SegmentResult.class)))
          .toJavaRDD().collectAsync();
      if (gang) {
        for (Integer id : action.jobIds()) {
          placement.watchGang(id);
        }
        awaitGang(sc, job, parties, action);
      }
      List<SegmentResult> results;
      try {
        results = awaitWatchingTail(action, parties, description, timeoutMillis(sc));
      } catch (RuntimeException e) {
        String gangFailure = action.jobIds().isEmpty() ? null
            : placement.gangFailure(action.jobIds().get(0));
        if (gangFailure != null) {
          // Cancelled by us, not by the user: the fit may retry it.
          throw new IllegalStateException("Rectifier: a task of the training gang of "
              + description + " failed, so the job was stopped: " + gangFailure, e);
        }
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
   * Asks the cluster manager for the executors the gang needs (dynamic allocation would ramp up
   * to them a step at a time as the job's tasks wait), within spark.dynamicAllocation's bounds.
   */
  private static void requestExecutors(SparkContext sc, int parties) {
    org.apache.spark.SparkConf conf = sc.getConf();
    int perExecutor = TaskSlots.slotsPerExecutor(conf);
    int needed = (parties + perExecutor - 1) / perExecutor;
    int max = conf.getInt("spark.dynamicAllocation.maxExecutors", Integer.MAX_VALUE);
    int target = Math.max(sc.getExecutorIds().size(), Math.min(needed, max));
    sc.requestTotalExecutors(target, 0,
        scala.collection.immutable.Map$.MODULE$.<String, Object>empty());
  }

  /**
   * Waits until every task of the gang has reached the rendezvous: ordinary tasks start as
   * slots come, and a gang that cannot form within the collective's timeout would hold the
   * cluster for nothing.
   *
   * @throws GangNotFormedException naming what bounds the gang, after cancelling the job
   */
  private void awaitGang(SparkContext sc, long job, int parties, JavaFutureAction<?> action) {
    long timeout = timeoutMillis(sc);
    long submitted = System.currentTimeMillis();
    long deadline = submitted + timeout;
    while (rendezvous.joined(job) < parties && !action.isDone()) {
      if (System.currentTimeMillis() > deadline) {
        int joined = rendezvous.joined(job);
        action.cancel(true);
        throw new GangNotFormedException(String.format(Locale.ROOT, "Rectifier: the training"
            + " gang did not form: %d of %d tasks started within %d s"
            + " (spark.rectifier.collective.timeout); %s.", joined, parties, timeout / 1000,
            TaskSlots.gangSettings(sc, parties)));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        action.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Rectifier: interrupted while training; the training"
            + " job was cancelled", e);
      }
    }
    if (rendezvous.joined(job) == parties) {
      long waited = System.currentTimeMillis() - submitted;
      gangJobs++;
      gangMillis += waited;
      slowestGangMillis = Math.max(slowestGangMillis, waited);
      LOG.info("Rectifier: the gang of {} tasks formed {} ms after its job was submitted",
          parties, waited);
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
   * {@link #await} for a job of the sharded collective, which also ends it when a task hangs
   * after the job's last exchange (see {@link JobTail}): the tasks' own timeouts no longer
   * apply there, as no peer waits for it.
   */
  private <T> T awaitWatchingTail(JavaFutureAction<T> job, int parties, String description,
      long timeoutMillis) {
    while (true) {
      try {
        return job.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (job.jobIds().isEmpty()) {
          continue;
        }
        int jobId = job.jobIds().get(0);
        JobTail tail = placement.tail(jobId);
        long now = System.nanoTime();
        List<Integer> late = tail.overdue(parties, now, TimeUnit.MILLISECONDS.toNanos(
            timeoutMillis));
        if (!late.isEmpty()) {
          job.cancel(true);
          throw hungAtTheEnd(jobId, late, tail.secondsSinceFirstEnd(now), description,
              timeoutMillis);
        }
      } catch (InterruptedException | ExecutionException e) {
        return failed(job, e);
      }
    }
  }

  private CollectiveException hungAtTheEnd(int jobId, List<Integer> late, double seconds,
      String description, long timeoutMillis) {
    List<String> names = new ArrayList<>();
    List<String> executors = new ArrayList<>();
    for (int p : late) {
      String[] where = placement.of(jobId, p);
      names.add(where == null ? "partition " + p
          : "partition " + p + " (executor " + where[0] + " on " + where[1] + ")");
      if (where != null) {
        executors.add(where[0]);
      }
    }
    return new CollectiveException(String.format(Locale.ROOT, "Rectifier: the job of %s made"
        + " its last exchange and its other tasks ended %.1f s ago, but %s did not end; nothing"
        + " came from it within %d s (spark.rectifier.collective.timeout, by default"
        + " spark.network.timeout)", description, seconds, String.join(", ", names),
        timeoutMillis / 1000), null, executors);
  }

  /**
   * The job's result. The wait is the job's own: a failed or cancelled job (a lost executor, a
   * peer's timeout, {@code cancelJobGroup}) ends it, and an interrupt of this thread cancels the
   * job, whose tasks then stop at their next check.
   */
  private static <T> T await(JavaFutureAction<T> job) {
    try {
      return job.get();
    } catch (InterruptedException | ExecutionException e) {
      return failed(job, e);
    }
  }

  /** Turns a failed wait for {@code job} into the exception the fit reports. */
  private static <T> T failed(JavaFutureAction<T> job, Exception failure) {
    if (failure instanceof InterruptedException) {
      InterruptedException e = (InterruptedException) failure;
      job.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Rectifier: interrupted while training; the training job"
          + " was cancelled", e);
    }
    Throwable cause = failure.getCause();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CollectiveException) {
        // The first task to give up names the peer it lost; say that, not "stage failure".
        throw new CollectiveException(t.getMessage(), cause,
            ((CollectiveException) t).silentExecutors());
      }
    }
    throw InvalidInputException.surface(cause);
  }

  @Override
  public void close() {
    if (rendezvous != null) {
      rendezvous.close();
      placement.close();
    }
  }
}
