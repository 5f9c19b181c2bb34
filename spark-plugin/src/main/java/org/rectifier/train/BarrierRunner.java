package org.rectifier.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.LayerActivity;
import org.rectifier.nn.Topology;
import scala.reflect.ClassTag$;

/**
 * Spark barrier jobs (one per epoch, or per ~{@link #SECONDS_PER_JOB} of steps for long epochs)
 * whose tasks ({@link HubTask}) stay up for all the epoch's
 * steps and talk to the driver over direct TCP links ({@link Hub}): per step each task sends its
 * share of the gradient, the driver sums the shares in partition order, applies the update and
 * sends the parameters back. The scheduler is paid once per epoch instead of once per step.
 * Barrier mode gang-schedules the tasks, so the data has at most one partition per task slot.
 */
final class BarrierRunner implements EpochRunner {

  /**
   * Wall time one barrier job should cover by default: long enough that the job's own cost (tens
   * of milliseconds) stays near 1%, short enough that the Spark UI's job descriptions show where
   * training is within an epoch. The thread-local Spark property {@link #SECONDS_PER_JOB_KEY}
   * overrides it.
   */
  static final double SECONDS_PER_JOB = 10.0;
  /** Local property naming the wall time per barrier job, in seconds. */
  static final String SECONDS_PER_JOB_KEY = "spark.rectifier.barrier.secondsPerJob";

  private final Topology topology;
  private Hub hub;
  /** Steps per barrier job, from the last job's pace; a whole epoch until measured. */
  private int stepsPerJob = Integer.MAX_VALUE;

  BarrierRunner(Topology topology) {
    this.topology = topology;
  }

  @Override
  public EpochOutcome run(TrainingData data, TrainerState state, EpochOrder order,
      Holdout holdout, String description) {
    SparkContext sc = data.blocks().context();
    if (hub == null) {
      hub = Hub.open(sc.getConf());
    }
    int steps = order.numSteps();
    int segments = Math.max(1, (int) Math.ceil(steps / (double) stepsPerJob));
    state.beginEpoch();
    double[] validation = null;
    for (int s = 0; s < segments; s++) {
      int from = (int) ((long) steps * s / segments);
      int to = (int) ((long) steps * (s + 1) / segments);
      boolean last = s == segments - 1;
      sc.setJobDescription(String.format(Locale.ROOT, "%s, steps %d-%d of %d (barrier)",
          description, from + 1, to, steps));
      long start = System.nanoTime();
      validation = runSegment(data, state, order, from, to, last ? holdout : null);
      double secondsPerStep = (System.nanoTime() - start) / 1e9 / Math.max(1, to - from);
      String perJob = sc.getLocalProperty(SECONDS_PER_JOB_KEY);
      double target = perJob == null ? SECONDS_PER_JOB : Double.parseDouble(perJob);
      stepsPerJob = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
          target / Math.max(secondsPerStep, 1e-9)));
    }
    return new EpochOutcome(state, state.epochSums(), steps, state.epochComputeNanos(),
        validation);
  }

  /** Steps {@code [from, to)} as one barrier job; the validation sums if {@code holdout}. */
  private double[] runSegment(TrainingData data, TrainerState state, EpochOrder order,
      int from, int to, Holdout holdout) {
    SparkContext sc = data.blocks().context();
    float[] params = Convert.toFloat(state.weights);
    Broadcast<float[]> bc = JavaSparkContext.fromSparkContext(sc).broadcast(params);
    int partitions = data.blocks().getNumPartitions();
    // Opened before the job starts: a task that finds no rendezvous falls back to TCP.
    if (sc.isLocal()) {
      LocalRendezvous.open(hub.token(), state, params, partitions);
    }
    JavaFutureAction<Void> job = data.blocks().rdd().barrier()
        .mapPartitionsWithIndex(new HubTask(topology, bc, order, from, to, holdout,
            data.partitionOffsets(), hub.host(), hub.port(), hub.token()), false,
            ClassTag$.MODULE$.apply(Object.class))
        .toJavaRDD().foreachAsync(x -> { });
    if (sc.isLocal()) {
      return runInDriverJvm(job, bc, holdout != null);
    }
    Wire[] wires = new Wire[0];
    try {
      wires = hub.accept(partitions, job);
      PartialGradient[] parts = new PartialGradient[partitions];
      int[] widths = LayerActivity.hiddenWidths(topology);
      float[][] received = new float[partitions][params.length];
      for (int step = from; step < to; step++) {
        for (int p = 0; p < partitions; p++) {
          parts[p] = wires[p].receivePartial(p, received[p], widths);
        }
        state.step(parts, params);
        for (Wire w : wires) {
          w.sendParams(true, params);
        }
      }
      double[] validation = null;
      if (holdout != null) {
        List<double[]> sums = new ArrayList<>();
        for (Wire w : wires) {
          sums.add(w.receiveSums());
        }
        validation = ValidationSums.add(sums);
      }
      job.get();
      return validation;
    } catch (IOException e) {
      throw jobFailure(job, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.cancel(true);
      throw new IllegalStateException("Rectifier: interrupted while training", e);
    } catch (ExecutionException e) {
      throw InvalidInputException.surface(e.getCause());
    } finally {
      Hub.closeAll(wires);
      bc.destroy();
    }
  }

  /** Local mode: the tasks share this JVM and do the steps among themselves. */
  private double[] runInDriverJvm(JavaFutureAction<Void> job, Broadcast<float[]> bc,
      boolean validate) {
    try {
      job.get();
      return validate ? ValidationSums.add(LocalRendezvous.validationOf(hub.token())) : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.cancel(true);
      throw new IllegalStateException("Rectifier: interrupted while training", e);
    } catch (ExecutionException e) {
      throw InvalidInputException.surface(e.getCause());
    } finally {
      LocalRendezvous.close(hub.token());
      bc.destroy();
    }
  }

  /** A broken link usually means a task failed: report the task's failure, not the socket's. */
  private static RuntimeException jobFailure(JavaFutureAction<Void> job, Exception linkError) {
    try {
      job.get();
    } catch (ExecutionException e) {
      return InvalidInputException.surface(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    job.cancel(true);
    return new IllegalStateException("Rectifier: lost a training task's link", linkError);
  }

  @Override
  public void close() {
    if (hub != null) {
      hub.close();
    }
  }
}
