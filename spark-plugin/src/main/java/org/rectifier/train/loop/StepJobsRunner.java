package org.rectifier.train.loop;

import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import org.rectifier.train.data.TrainingData;
import org.rectifier.train.step.PartialGradient;
import org.rectifier.train.step.StepTraffic;
import org.rectifier.train.step.TrainerState;

/**
 * One Spark job per step: broadcast the parameters, one task per partition, partial gradients
 * collected to the driver (in partition order) and summed there. Simple and elastic, but every
 * step pays a job's scheduling (tens of milliseconds), so it suits large batches.
 */
public final class StepJobsRunner implements EpochRunner {

  private final Topology topology;

  /** A runner for {@code topology}. */
  public StepJobsRunner(Topology topology) {
    this.topology = topology;
  }

  @Override
  public EpochOutcome run(TrainingData data, TrainerState state, EpochOrder order,
      Holdout holdout, String description) {
    SparkContext sc = data.blocks().context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    long[] offsets = data.partitionOffsets();
    float[] params = Convert.toFloat(state.weights());
    int steps = order.numSteps();
    state.beginEpoch();
    for (int step = 0; step < steps; step++) {
      sc.setJobDescription(String.format(Locale.ROOT, "%s, step %d/%d", description, step + 1,
          steps));
      Broadcast<float[]> bc = jsc.broadcast(params);
      List<PartialGradient> parts;
      try {
        parts = data.blocks()
            .mapPartitionsWithIndex(new StepGradient(topology, bc, order, step, offsets), false)
            .collect();
      } finally {
        bc.destroy();
      }
      // collect() returns partitions in index order: a fixed summation order.
      state.step(parts.toArray(new PartialGradient[0]), params);
    }
    double[] validation = null;
    if (holdout != null) {
      sc.setJobDescription(description + ", validation");
      Broadcast<float[]> bc = jsc.broadcast(params);
      try {
        List<double[]> parts = data.blocks().mapPartitionsWithIndex(
            new ValidationSums(topology, bc, holdout, offsets), false).collect();
        validation = ValidationSums.add(parts);
      } finally {
        bc.destroy();
      }
    }
    return new EpochOutcome(state.epoch(), steps, validation, StepTraffic.NONE);
  }
}
