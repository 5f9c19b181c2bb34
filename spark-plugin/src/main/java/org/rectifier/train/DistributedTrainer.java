package org.rectifier.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.rectifier.nn.Convergence;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.nn.optim.MinibatchUpdate;
import org.rectifier.nn.optim.Optimizer;
import org.rectifier.train.checkpoint.Checkpoint;
import org.rectifier.train.checkpoint.CheckpointStore;
import org.rectifier.train.checkpoint.FitFingerprint;
import org.rectifier.train.data.SliceOptions;
import org.rectifier.train.data.TrainingData;
import org.rectifier.train.loop.BarrierRunner;
import org.rectifier.train.loop.EpochOutcome;
import org.rectifier.train.loop.EpochRunner;
import org.rectifier.train.loop.FailureBudget;
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
 * (default) or a job per step; both give the same bits. A failed training job is retried from
 * the state it started from ({@link FailureBudget}); with a checkpoint store the state is also
 * saved every few epochs, and a fit resumes from the latest checkpoint of the same fit.
 */
final class DistributedTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  private static final String JOB_DESCRIPTION = "spark.job.description";
  /** Above this fraction of dead units in a hidden layer, the log says so once per fit. */
  static final double DEAD_UNIT_WARNING = 0.3;

  private final Topology topology;
  private final TrainerConfig config;
  private final SliceOptions options;
  private final List<StepTraffic> traffic = new ArrayList<>();
  private int resumedFromEpoch;
  private int failures;
  private String path = "";
  private String pathReason = "";
  private boolean warnedDead;
  private String stopReason = StoppingRules.MAX_ITER;
  private int bestEpoch;
  private int keptEpoch;

  /**
   * @param options the class weights and dropout masks the steps apply to their rows
   */
  DistributedTrainer(Topology topology, TrainerConfig config, SliceOptions options) {
    this.topology = topology;
    this.config = config;
    this.options = options;
  }

  /**
   * Trains {@code weights} in place over {@code data}.
   *
   * @param store where checkpoints go and a resumed fit starts from, or null
   * @param fingerprint this fit's fingerprint (checked against a checkpoint's)
   * @return the per-epoch history
   */
  TrainingHistory fit(TrainingData data, double[] weights, CheckpointStore store,
      FitFingerprint fingerprint) {
    SparkContext sc = data.blocks().context();
    String previousDescription = sc.getLocalProperty(JOB_DESCRIPTION);
    Optimizer optimizer = Optimizer.create(config.solver, config.stepSize, config.momentum,
        topology.numParams());
    TrainingHistory history = new TrainingHistory();
    Holdout holdout = holdout(data);
    StoppingRules rules = new StoppingRules(config, holdout != null);
    Checkpoint resume = store == null ? null : store.latest();
    String stoppedBefore = null;
    if (resume != null) {
      restore(resume, store, fingerprint, weights, optimizer, history);
      stoppedBefore = rules.replay(history.epochs());
      if (rules.earlyStopping()) {
        rules.setBestWeights(resume.bestWeights != null ? resume.bestWeights
            : rules.bestEpoch() == resume.epochsDone ? resume.weights : null);
      }
    }
    TrainerState state = new TrainerState(weights.clone(), new MinibatchUpdate(topology,
        optimizer, config.controls.regularization, config.controls.clipNorm));
    FailureBudget budget = new FailureBudget(config.name, config.maxFailures);
    EpochRunner runner = config.barrier
        ? new BarrierRunner(topology, options, budget)
        : new StepJobsRunner(topology, options, budget);
    try (runner) {
      if (stoppedBefore != null) {
        // The checkpoint's fit had already stopped (early): it trains no further.
        stopReason = stoppedBefore;
      } else {
        train(data, state, runner, history, rules, holdout, store, fingerprint);
      }
    } finally {
      failures = budget.count();
      path = runner.path();
      pathReason = runner.pathReason();
      sc.setJobDescription(previousDescription);
    }
    bestEpoch = rules.bestEpoch();
    double[] best = rules.bestWeights();
    double[] kept = best != null ? best : state.weights();
    keptEpoch = best != null ? bestEpoch : history.epochs().size();
    if (best != null && keptEpoch != history.epochs().size()) {
      LOG.info("{}: returning the weights of epoch {}, the best by {} {} (restoreBestWeights)",
          config.name, keptEpoch, holdout == null ? "training" : "validation",
          config.controls.earlyStoppingMetric);
    }
    System.arraycopy(kept, 0, weights, 0, weights.length);
    return history;
  }

  /** The validation rows: those the indicator column marks, or a seeded share, or none. */
  private Holdout holdout(TrainingData data) {
    long numRows = data.numRows();
    long[] marked = data.validationRows();
    if (marked != null) {
      if (marked.length == 0) {
        LOG.warn("{}: validationIndicatorCol marks no row; training without validation rows",
            config.name);
        return null;
      }
      return Holdout.of(numRows, marked);
    }
    Holdout holdout = config.validationFraction > 0
        ? new Holdout(numRows, config.validationFraction, config.seed) : null;
    return holdout != null && holdout.numValidation() > 0 ? holdout : null;
  }

  private void restore(Checkpoint c, CheckpointStore store, FitFingerprint fingerprint,
      double[] weights, Optimizer optimizer, TrainingHistory history) {
    List<String> differences = fingerprint.differences(c.fingerprint);
    if (!differences.isEmpty()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s: the latest checkpoint in"
          + " %s (after epoch %d) belongs to a different fit, so it is not used: %s. Set"
          + " checkpointDir to another directory, or delete this one to start afresh.",
          config.name, store.path(), c.epochsDone, String.join("; ", differences)));
    }
    if (!c.optimizer.equals(optimizer.name())
        || c.optimizerState.length != optimizer.state().length) {
      throw new IllegalStateException(config.name + ": the checkpoint in " + store.path()
          + " holds " + c.optimizer + " state with " + c.optimizerState.length
          + " arrays; this fit's " + optimizer.name() + " needs " + optimizer.state().length);
    }
    System.arraycopy(c.weights, 0, weights, 0, weights.length);
    double[][] state = optimizer.state();
    for (int k = 0; k < state.length; k++) {
      System.arraycopy(c.optimizerState[k], 0, state[k], 0, state[k].length);
    }
    optimizer.setIterations(c.iterations);
    c.history.forEach(history::add);
    traffic.addAll(c.traffic);
    resumedFromEpoch = c.epochsDone;
    LOG.info("{}: resuming from the checkpoint after epoch {} in {}", config.name, c.epochsDone,
        store.path());
  }

  private void train(TrainingData data, TrainerState state, EpochRunner runner,
      TrainingHistory history, StoppingRules rules, Holdout holdout, CheckpointStore store,
      FitFingerprint fingerprint) {
    long numRows = data.numRows();
    Optimizer optimizer = state.shard().update().optimizer();
    long fitStart = System.nanoTime();
    for (int epoch = resumedFromEpoch; epoch < config.maxIter; epoch++) {
      long start = System.nanoTime();
      double rate = config.controls.schedule.rate(epoch,
          rules.monitoredLosses(history.epochs()));
      optimizer.setLearningRate(rate);
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
              : outcome.validation[2] / outcome.validation[1],
          rate, outcome.clippedSteps);
      history.add(e);
      logEpoch(e, fitStart, epoch + 1 - resumedFromEpoch);
      warnAboutDeadUnits(e);
      String stop = rules.observe(e, state.weights());
      boolean diverged = StoppingRules.DIVERGED.equals(stop);
      if (store != null && !diverged
          && (stop != null || (epoch + 1) % config.checkpointInterval == 0)) {
        checkpoint(store, fingerprint, state, epoch + 1, history, rules);
      }
      if (stop != null) {
        stopReason = stop;
        logStop(stop, e, rules);
        break;
      }
    }
  }

  private void logStop(String stop, TrainingHistory.Epoch e, StoppingRules rules) {
    switch (stop) {
      case StoppingRules.DIVERGED:
        LOG.warn("{}: loss is {} at epoch {}; training diverged (lower stepSize, or set"
            + " clipNorm?)", config.name, e.loss, e.epoch);
        break;
      case StoppingRules.TOL:
        LOG.info("{}: loss stopped improving by more than tol={} for {} epochs; stopping",
            config.name, config.tol, Convergence.PATIENCE);
        break;
      case StoppingRules.PATIENCE:
        LOG.info("{}: {} {} has not improved for {} epochs since epoch {}; stopping early",
            config.name, Double.isNaN(e.validationLoss) ? "training" : "validation",
            config.controls.earlyStoppingMetric, config.controls.earlyStoppingPatience,
            rules.bestEpoch());
        break;
      default:
        break;
    }
  }

  private void checkpoint(CheckpointStore store, FitFingerprint fingerprint, TrainerState state,
      int epochsDone, TrainingHistory history, StoppingRules rules) {
    long t0 = System.nanoTime();
    Optimizer optimizer = state.shard().update().optimizer();
    double[] best = rules.bestWeights();
    Checkpoint c = new Checkpoint(epochsDone, fingerprint, state.weights(), optimizer.name(),
        optimizer.iterations(), optimizer.state(), rules.convergenceBest(),
        rules.convergenceStale(), history.epochs(), traffic,
        best != null && rules.bestEpoch() != epochsDone ? best : null);
    long bytes = store.write(c);
    LOG.info(String.format(Locale.ROOT, "%s: checkpoint after epoch %d written to %s:"
        + " %.1f MB in %.2f s", config.name, epochsDone, store.path(), bytes / 1e6,
        (System.nanoTime() - t0) / 1e9));
  }

  private void warnAboutDeadUnits(TrainingHistory.Epoch e) {
    for (int l = 0; l < e.deadFraction.length && !warnedDead; l++) {
      if (e.deadFraction[l] > DEAD_UNIT_WARNING) {
        warnedDead = true;
        int layer = org.rectifier.nn.LayerActivity.recordedLayers(topology)[l];
        LOG.warn(String.format(Locale.ROOT,
            "%s: %.0f%% of the %s of hidden layer %d (%s) output zero for every row of epoch %d"
                + " (dead %s units get no gradient); consider activation leaky_relu or prelu,"
                + " or a lower stepSize", config.name, 100 * e.deadFraction[l],
            topology.layer(layer).positions() > 1 ? "channels" : "units", l + 1,
            topology.layer(layer).spec(), e.epoch,
            topology.layer(layer).activation().name()));
      }
    }
  }

  private void logEpoch(TrainingHistory.Epoch e, long fitStart, int epochsThisFit) {
    double elapsed = (System.nanoTime() - fitStart) / 1e9;
    double eta = elapsed / epochsThisFit * (config.maxIter - e.epoch);
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

  /** Per epoch so far, what a step moved over the network. */
  List<StepTraffic> traffic() {
    return Collections.unmodifiableList(traffic);
  }

  /** Which way the steps reached the cluster at the end of the fit. */
  String path() {
    return path;
  }

  /** Why that way. */
  String pathReason() {
    return pathReason;
  }

  /** Training jobs that failed and were run again. */
  int failures() {
    return failures;
  }

  /** Why training stopped: maxIter, tol, patience or diverged. */
  String stopReason() {
    return stopReason;
  }

  /** The best epoch by the early-stopping metric (1-based); 0 without early stopping. */
  int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch whose weights the fit returns (1-based). */
  int keptEpoch() {
    return keptEpoch;
  }

  /** The epochs done by the checkpoint this fit resumed from; 0 for a fresh fit. */
  int resumedFromEpoch() {
    return resumedFromEpoch;
  }
}
