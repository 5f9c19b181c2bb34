package org.rectifier.train;

import java.util.Locale;
import org.apache.spark.SparkContext;
import org.rectifier.nn.Convergence;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.nn.optim.MinibatchUpdate;
import org.rectifier.nn.optim.Optimizer;
import org.rectifier.train.data.TrainingData;
import org.rectifier.train.loop.BarrierRunner;
import org.rectifier.train.loop.EpochOutcome;
import org.rectifier.train.loop.EpochRunner;
import org.rectifier.train.loop.StepJobsRunner;
import org.rectifier.train.step.StepTraffic;
import org.rectifier.train.step.TrainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel minibatch training: per step, each partition computes the gradient
 * of its share of the global minibatch, the shares are summed in partition order (so the result
 * does not depend on which task finished first), and the optimizer updates the float64 master
 * weights. How steps reach the cluster is an {@link EpochRunner}: a barrier job per epoch
 * (default) or a job per step; both give the same bits.
 */
final class DistributedTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private final Topology topology;
  private final TrainerConfig config;

  private final java.util.List<StepTraffic> traffic = new java.util.ArrayList<>();

  DistributedTrainer(Topology topology, TrainerConfig config) {
    this.topology = topology;
    this.config = config;
  }

  /**
   * Trains {@code weights} in place over {@code data}.
   *
   * @return the per-epoch history
   */
  TrainingHistory fit(TrainingData data, double[] weights) {
    SparkContext sc = data.blocks().context();
    String previousDescription = sc.getLocalProperty(JOB_DESCRIPTION);
    Optimizer optimizer = Optimizer.create(config.solver, config.stepSize, config.momentum,
        topology.numParams());
    TrainerState state = new TrainerState(weights.clone(),
        new MinibatchUpdate(topology, optimizer, config.regParam));
    EpochRunner runner = config.barrier
        ? new BarrierRunner(topology) : new StepJobsRunner(topology);
    try (runner) {
      return fit(data, weights, state, runner, sc, previousDescription);
    }
  }

  private TrainingHistory fit(TrainingData data, double[] weights, TrainerState state,
      EpochRunner runner, SparkContext sc, String previousDescription) {
    long numRows = data.numRows();
    Holdout holdout = config.validationFraction > 0
        ? new Holdout(numRows, config.validationFraction, config.seed) : null;
    if (holdout != null && holdout.numValidation() == 0) {
      holdout = null;
    }
    TrainingHistory history = new TrainingHistory();
    Convergence convergence = new Convergence(config.tol);
    long fitStart = System.nanoTime();
    try {
      for (int epoch = 0; epoch < config.maxIter; epoch++) {
        long start = System.nanoTime();
        EpochOrder order = holdout == null
            ? new EpochOrder(numRows, config.batchSize, config.seed, epoch)
            : new EpochOrder(holdout, config.batchSize, config.seed, epoch);
        EpochOutcome outcome = runner.run(data, state, order, holdout, String.format(Locale.ROOT,
            "%s: epoch %d/%d", config.name, epoch + 1, config.maxIter));
        traffic.add(outcome.traffic);
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingHistory.Epoch e = new TrainingHistory.Epoch(epoch + 1,
            outcome.lossWeighted / outcome.weightTotal,
            outcome.correctTotal / outcome.weightTotal, seconds,
            (numRows - (holdout == null ? 0 : holdout.numValidation()))
                / Math.max(seconds, 1e-9), outcome.steps, outcome.computeNanos / 1e9,
            outcome.activity, outcome.gradientNorm,
            outcome.validation == null ? Double.NaN
                : outcome.validation[0] / outcome.validation[1],
            outcome.validation == null ? Double.NaN
                : outcome.validation[2] / outcome.validation[1]);
        history.add(e);
        logEpoch(e, fitStart);
        warnAboutDeadUnits(e);
        if (!Double.isFinite(e.loss)) {
          LOG.warn("{}: loss is {} at epoch {}; training diverged (lower stepSize?)",
              config.name, e.loss, e.epoch);
          break;
        }
        if (convergence.converged(e.loss)) {
          LOG.info("{}: loss stopped improving by more than tol={} for {} epochs; stopping",
              config.name, config.tol, Convergence.PATIENCE);
          break;
        }
      }
    } finally {
      sc.setJobDescription(previousDescription);
    }
    System.arraycopy(state.weights(), 0, weights, 0, weights.length);
    return history;
  }

  /** Per epoch so far, what a step moved over the network. */
  java.util.List<StepTraffic> traffic() {
    return java.util.Collections.unmodifiableList(traffic);
  }

  /** Above this fraction of dead units in a hidden layer, the log says so once per fit. */
  static final double DEAD_UNIT_WARNING = 0.3;

  private boolean warnedDead;

  private void warnAboutDeadUnits(TrainingHistory.Epoch e) {
    for (int l = 0; l < e.deadFraction.length && !warnedDead; l++) {
      if (e.deadFraction[l] > DEAD_UNIT_WARNING) {
        warnedDead = true;
        LOG.warn(String.format(Locale.ROOT,
            "%s: %.0f%% of the units of hidden layer %d output zero for every row of epoch %d"
                + " (dead %s units get no gradient); consider activation leaky_relu or prelu,"
                + " or a lower stepSize", config.name, 100 * e.deadFraction[l], l + 1, e.epoch,
            topology.hiddenActivation().name()));
      }
    }
  }

  private void logEpoch(TrainingHistory.Epoch e, long fitStart) {
    double elapsed = (System.nanoTime() - fitStart) / 1e9;
    double eta = elapsed / e.epoch * (config.maxIter - e.epoch);
    LOG.info(String.format(Locale.ROOT,
        "%s epoch %d/%d: loss %.5f, accuracy %.4f%s, %.2f s (%.1f ms/step outside compute),"
            + " %.0f rows/s, ETA %.1f s",
        config.name, e.epoch, config.maxIter, e.loss, e.accuracy,
        Double.isNaN(e.validationLoss) ? "" : String.format(Locale.ROOT,
            ", validation loss %.5f, validation accuracy %.4f", e.validationLoss,
            e.validationAccuracy),
        e.seconds, e.overheadMillisPerStep(), e.rowsPerSecond,
        eta));
  }
}
