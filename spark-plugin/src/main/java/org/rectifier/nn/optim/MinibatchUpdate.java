package org.rectifier.nn.optim;

import org.rectifier.nn.Topology;

/**
 * The driver's half of one step, shared by the local and the distributed trainer: turn the
 * summed gradient of a minibatch into its weighted mean, add the L2 term, apply the optimizer.
 */
public final class MinibatchUpdate implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final Optimizer optimizer;
  private final double regParam;

  /**
   * @param topology the network (it knows which parameters L2 applies to)
   * @param optimizer the optimizer that owns the step state
   * @param regParam L2 strength, 0 for none
   */
  public MinibatchUpdate(Topology topology, Optimizer optimizer, double regParam) {
    this.topology = topology;
    this.optimizer = optimizer;
    this.regParam = regParam;
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Applies one step in place.
   *
   * @param weights master parameters, updated
   * @param gradSum sum over the minibatch of weight * d(loss)/d(params); overwritten with the
   *     mean gradient including L2
   * @param lossSum sum over the minibatch of weight * loss
   * @param weightSum total row weight of the minibatch; a step with weight 0 changes nothing
   * @return the minibatch's mean loss plus the L2 penalty, before the step (0 for weight 0)
   */
  public double apply(double[] weights, double[] gradSum, double lossSum, double weightSum) {
    if (!(weightSum > 0)) {
      // Every row of this minibatch weighs 0: there is nothing to learn from it.
      return 0.0;
    }
    double inv = 1.0 / weightSum;
    for (int i = 0; i < gradSum.length; i++) {
      gradSum[i] *= inv;
    }
    double penalty = topology.addL2(weights, gradSum, regParam);
    optimizer.step(weights, gradSum);
    return lossSum * inv + penalty;
  }
}
