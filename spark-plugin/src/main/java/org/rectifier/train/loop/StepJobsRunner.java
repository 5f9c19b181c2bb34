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
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.data.SliceOptions;
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
  private final SliceOptions options;
  private final FailureBudget budget;

  /**
   * A runner for {@code topology} whose steps treat rows by {@code options}, retrying failed
   * jobs within {@code budget}.
   */
  public StepJobsRunner(Topology topology, SliceOptions options, FailureBudget budget) {
    this.topology = topology;
    this.options = options;
    this.budget = budget;
  }

  @Override
  public EpochOutcome run(TrainingData data, TrainerState state, EpochOrder order,
      Holdout holdout, String description) {
    state.beginEpoch();
    steps(data, state, order, 0, order.numSteps(), description);
    double[] validation = holdout == null ? null
        : validation(data, state, holdout, description);
    return new EpochOutcome(state.epoch(), order.numSteps(), validation, StepTraffic.NONE);
  }

  /** Steps {@code [from, to)} of {@code order}, a Spark job each, from {@code state}. */
  void steps(TrainingData data, TrainerState state, EpochOrder order, int from, int to,
      String description) {
    SparkContext sc = data.blocks().context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    long[] offsets = data.partitionOffsets();
    float[] params = Convert.toFloat(state.weights());
    int steps = order.numSteps();
    for (int step = from; step < to; step++) {
      String where = String.format(Locale.ROOT, "%s, step %d/%d", description, step + 1,
          steps);
      sc.setJobDescription(where);
      long[] rows = order.rowsOfStep(step);
      List<PartialGradient> parts = withRetries(sc, where, () -> {
        Broadcast<float[]> bc = jsc.broadcast(params);
        try {
          return data.blocks()
              .mapPartitionsWithIndex(new StepGradient(topology, options, bc, rows, order.epoch(),
                  offsets), false)
              .collect();
        } finally {
          bc.destroy();
        }
      });
      // collect() returns partitions in index order: a fixed summation order.
      state.step(parts.toArray(new PartialGradient[0]), params);
    }
  }

  /** The held-out rows' sums with {@code state}'s weights, one Spark job. */
  double[] validation(TrainingData data, TrainerState state, Holdout holdout,
      String description) {
    SparkContext sc = data.blocks().context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    long[] offsets = data.partitionOffsets();
    float[] params = Convert.toFloat(state.weights());
    sc.setJobDescription(description + ", validation");
    return ValidationSums.add(withRetries(sc, description + ", validation", () -> {
      Broadcast<float[]> bc = jsc.broadcast(params);
      try {
        return data.blocks().mapPartitionsWithIndex(
            new ValidationSums(topology, options, bc, holdout, offsets), false).collect();
      } finally {
        bc.destroy();
      }
    }));
  }

  /**
   * A job's result; a failed job (after Spark's own task retries) is run again while the fit's
   * failure budget lasts. The state changes only after a job succeeds, so nothing is undone.
   */
  private <T> T withRetries(SparkContext sc, String where, java.util.function.Supplier<T> job) {
    while (true) {
      try {
        return job.get();
      } catch (Exception e) {
        // Spark's SparkException is checked in Java but thrown unchecked from Scala.
        RuntimeException failure = InvalidInputException.surface(e);
        if (!FailureBudget.retryable(failure, sc)) {
          throw failure;
        }
        budget.failed(failure, where, "it got as far as the start of " + where);
      }
    }
  }
}
