package org.rectifier.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * One Spark barrier job per epoch whose tasks ({@link HubTask}) stay up for all the epoch's
 * steps and talk to the driver over direct TCP links ({@link Hub}): per step each task sends its
 * share of the gradient, the driver sums the shares in partition order, applies the update and
 * sends the parameters back. The scheduler is paid once per epoch instead of once per step.
 * Barrier mode gang-schedules the tasks, so the data has at most one partition per task slot.
 */
final class BarrierRunner implements EpochRunner {

  private final Topology topology;
  private Hub hub;

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
    float[] params = Convert.toFloat(state.weights);
    Broadcast<float[]> bc = JavaSparkContext.fromSparkContext(sc).broadcast(params);
    sc.setJobDescription(description + " (" + order.numSteps() + " steps, barrier)");
    int partitions = data.blocks().getNumPartitions();
    // Opened before the job starts: a task that finds no rendezvous falls back to TCP.
    if (sc.isLocal()) {
      state.beginEpoch();
      LocalRendezvous.open(hub.token(), state, params, partitions);
    }
    JavaFutureAction<Void> job = data.blocks().rdd().barrier()
        .mapPartitionsWithIndex(new HubTask(topology, bc, order, holdout,
            data.partitionOffsets(), hub.host(), hub.port(), hub.token()), false,
            ClassTag$.MODULE$.apply(Object.class))
        .toJavaRDD().foreachAsync(x -> { });
    if (sc.isLocal()) {
      return runInDriverJvm(state, order, job, bc, holdout != null);
    }
    Wire[] wires = new Wire[0];
    try {
      wires = hub.accept(partitions, job);
      PartialGradient[] parts = new PartialGradient[partitions];
      int[] widths = LayerActivity.hiddenWidths(topology);
      float[][] received = new float[partitions][params.length];
      state.beginEpoch();
      for (int step = 0; step < order.numSteps(); step++) {
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
      return new EpochOutcome(state, state.epochSums(), order.numSteps(),
          state.epochComputeNanos(), validation);
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
  private EpochOutcome runInDriverJvm(TrainerState state, EpochOrder order,
      JavaFutureAction<Void> job, Broadcast<float[]> bc, boolean validate) {
    try {
      job.get();
      double[] validation = validate
          ? ValidationSums.add(LocalRendezvous.validationOf(hub.token())) : null;
      return new EpochOutcome(state, state.epochSums(), order.numSteps(),
          state.epochComputeNanos(), validation);
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
