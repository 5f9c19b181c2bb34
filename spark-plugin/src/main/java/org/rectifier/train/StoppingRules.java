package org.rectifier.train;

import java.util.List;
import org.rectifier.nn.Convergence;
import org.rectifier.nn.EarlyStopping;
import org.rectifier.nn.TrainingHistory;

/**
 * Decides after each epoch whether a fit goes on, and why it stopped: the divergence guard (a
 * non-finite training loss), {@code tol} on the training loss ({@link Convergence}), early
 * stopping's patience on the monitored metric ({@link EarlyStopping}), or {@code maxIter}. Every
 * rule is a function of the history, so a resumed fit replays it and decides as the fit it
 * continues would have.
 */
final class StoppingRules {

  /** Why a fit stopped. */
  static final String MAX_ITER = "maxIter";
  /** ... */
  static final String TOL = "tol";
  /** ... */
  static final String PATIENCE = "patience";
  /** ... */
  static final String DIVERGED = "diverged";

  private final TrainingControls controls;
  private final int maxIter;
  private final Convergence convergence;
  private final EarlyStopping early;
  private final boolean validation;

  /**
   * @param validation whether the epochs have validation rows (then the monitored metric is
   *     theirs; else the training rows')
   */
  StoppingRules(TrainerConfig config, boolean validation) {
    this.controls = config.controls;
    this.maxIter = config.maxIter;
    this.convergence = new Convergence(config.tol);
    this.validation = validation;
    this.early = controls.earlyStoppingPatience > 0
        ? new EarlyStopping(controls.earlyStoppingPatience, accuracy(),
            controls.restoreBestWeights)
        : null;
  }

  private boolean accuracy() {
    return "accuracy".equals(controls.earlyStoppingMetric);
  }

  /** The loss the plateau schedule watches: validation loss if any, else training loss. */
  double monitoredLoss(TrainingHistory.Epoch e) {
    return validation ? e.validationLoss : e.loss;
  }

  /** What early stopping watches. */
  double monitored(TrainingHistory.Epoch e) {
    if (accuracy()) {
      return validation ? e.validationAccuracy : e.accuracy;
    }
    return monitoredLoss(e);
  }

  /**
   * Records epoch {@code e} with the weights after it (null when replaying).
   *
   * @return why the fit stops after it, or null to go on
   */
  String observe(TrainingHistory.Epoch e, double[] weights) {
    boolean patienceOut = early != null && early.observe(e.epoch, monitored(e), weights);
    if (!Double.isFinite(e.loss)) {
      return DIVERGED;
    }
    if (convergence.converged(e.loss)) {
      return TOL;
    }
    if (patienceOut) {
      return PATIENCE;
    }
    return e.epoch >= maxIter ? MAX_ITER : null;
  }

  /**
   * Replays a resumed fit's history; returns why it had stopped, or null. Afterwards the best
   * epoch is known but not its weights ({@link #setBestWeights}).
   */
  String replay(List<TrainingHistory.Epoch> history) {
    String reason = null;
    for (TrainingHistory.Epoch e : history) {
      reason = observe(e, null);
    }
    return reason;
  }

  /** The monitored loss of each epoch in {@code history}, for the step-size schedule. */
  double[] monitoredLosses(List<TrainingHistory.Epoch> history) {
    double[] out = new double[history.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = monitoredLoss(history.get(i));
    }
    return out;
  }

  /** Whether early stopping is on. */
  boolean earlyStopping() {
    return early != null;
  }

  /** The best epoch by the monitored metric (1-based), or 0 without early stopping. */
  int bestEpoch() {
    return early == null ? 0 : early.bestEpoch();
  }

  /**
   * The weights the fit returns instead of its last ones (early stopping with
   * restoreBestWeights, after at least one finite epoch), else null.
   */
  double[] bestWeights() {
    return early == null || !controls.restoreBestWeights ? null : early.bestWeights();
  }

  /** Sets the best epoch's weights from a checkpoint. */
  void setBestWeights(double[] weights) {
    early.setBestWeights(weights);
  }

  /** Convergence's best loss, for the checkpoint's readable metadata. */
  double convergenceBest() {
    return convergence.best();
  }

  /** Convergence's stale epochs, for the checkpoint's readable metadata. */
  int convergenceStale() {
    return convergence.stale();
  }
}
