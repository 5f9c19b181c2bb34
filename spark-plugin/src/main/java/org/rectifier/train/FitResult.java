package org.rectifier.train;

import org.rectifier.nn.Topology;
import java.util.List;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.train.step.StepTraffic;

/** What a fit produced. */
public final class FitResult {

  /** The network that was trained. */
  public final Topology topology;
  /** Its parameters. */
  public final double[] weights;
  /** Per-epoch figures. */
  public final TrainingHistory history;
  /** Per epoch, what a step moved over the network. */
  public final List<StepTraffic> traffic;
  /** Rows trained on. */
  public final long numRows;
  /** Bytes the cached training blocks held. */
  public final long cachedBytes;
  /** Epochs of the checkpoint the fit resumed from; 0 for a fresh fit. */
  public final int resumedFromEpoch;
  /** Training jobs that failed and were run again from the state they started from. */
  public final int recoveredFailures;
  /** How steps reached the cluster at the end of the fit: barrier, gang or jobPerStep. */
  public final String path;
  /** Why that way. */
  public final String pathReason;
  /** Why training stopped: maxIter, tol, patience or diverged. */
  public final String stopReason;
  /** The best epoch by the early-stopping metric (1-based); 0 without early stopping. */
  public final int bestEpoch;
  /** The epoch whose weights {@link #weights} are (1-based). */
  public final int keptEpoch;

  /** @see FitResult */
  public FitResult(Topology topology, double[] weights, TrainingHistory history,
      List<StepTraffic> traffic, long numRows, long cachedBytes, int resumedFromEpoch,
      int recoveredFailures, String path, String pathReason, String stopReason, int bestEpoch,
      int keptEpoch) {
    this.stopReason = stopReason;
    this.bestEpoch = bestEpoch;
    this.keptEpoch = keptEpoch;
    this.topology = topology;
    this.weights = weights;
    this.history = history;
    this.traffic = traffic;
    this.numRows = numRows;
    this.cachedBytes = cachedBytes;
    this.resumedFromEpoch = resumedFromEpoch;
    this.recoveredFailures = recoveredFailures;
    this.path = path;
    this.pathReason = pathReason;
  }
}
