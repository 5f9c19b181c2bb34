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

  /** @see FitResult */
  public FitResult(Topology topology, double[] weights, TrainingHistory history,
      List<StepTraffic> traffic, long numRows, long cachedBytes) {
    this.topology = topology;
    this.weights = weights;
    this.history = history;
    this.traffic = traffic;
    this.numRows = numRows;
    this.cachedBytes = cachedBytes;
  }
}
