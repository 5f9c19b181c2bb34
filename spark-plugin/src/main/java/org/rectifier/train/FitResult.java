package org.rectifier.train;

import org.rectifier.nn.Topology;
import org.rectifier.nn.TrainingHistory;

/** What a fit produced. */
public final class FitResult {

  /** The network that was trained. */
  public final Topology topology;
  /** Its parameters. */
  public final double[] weights;
  /** Per-epoch figures. */
  public final TrainingHistory history;
  /** Rows trained on. */
  public final long numRows;
  /** Bytes the cached training blocks held. */
  public final long cachedBytes;

  /** @see FitResult */
  public FitResult(Topology topology, double[] weights, TrainingHistory history, long numRows,
      long cachedBytes) {
    this.topology = topology;
    this.weights = weights;
    this.history = history;
    this.numRows = numRows;
    this.cachedBytes = cachedBytes;
  }
}
