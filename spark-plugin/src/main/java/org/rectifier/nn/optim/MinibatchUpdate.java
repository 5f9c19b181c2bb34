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

  /** The network whose parameters this updates. */
  public Topology topology() {
    return topology;
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
    double loss = meanLoss(weights, lossSum, weightSum);
    applyRange(weights, gradSum, weightSum, 0, weights.length, optimizer.iterations() + 1);
    finish(weightSum);
    return loss;
  }

  /**
   * The minibatch's mean loss plus the L2 penalty of {@code weights}; call before the weights
   * move. 0 for a minibatch of weight 0.
   */
  public double meanLoss(double[] weights, double lossSum, double weightSum) {
    if (!(weightSum > 0)) {
      return 0.0;
    }
    return lossSum / weightSum + topology.l2Penalty(weights, regParam);
  }

  /**
   * The elementwise part of a step on {@code [from, to)}: mean gradient, L2, optimizer step
   * number {@code t}. Ranges can run on different threads; together they equal one step.
   */
  public void applyRange(double[] weights, double[] gradSum, double weightSum, int from, int to,
      long t) {
    applyRange(weights, gradSum, weightSum, from, to, 0, t);
  }

  /**
   * {@link #applyRange(double[], double[], double, int, int, long)} on arrays that hold only a
   * shard of the parameters: index {@code i} of {@code weights}, {@code gradSum} and this
   * update's optimizer state is parameter {@code base + i}; {@code from} and {@code to} are
   * parameter indices.
   */
  public void applyRange(double[] weights, double[] gradSum, double weightSum, int from, int to,
      int base, long t) {
    if (!(weightSum > 0)) {
      // Every row of this minibatch weighs 0: there is nothing to learn from it.
      return;
    }
    double inv = 1.0 / weightSum;
    for (int i = from - base; i < to - base; i++) {
      gradSum[i] *= inv;
    }
    topology.addL2Gradient(weights, gradSum, regParam, from, to, base);
    optimizer.stepRange(weights, gradSum, from - base, to - base, t);
  }

  /** L2 strength. */
  public double regParam() {
    return regParam;
  }

  /** The same update (topology, L2) driving {@code shardOptimizer}, e.g. one shard's. */
  public MinibatchUpdate withOptimizer(Optimizer shardOptimizer) {
    return new MinibatchUpdate(topology, shardOptimizer, regParam);
  }

  /** Counts the step once all its ranges are applied (a step of weight 0 does not count). */
  public void finish(double weightSum) {
    if (weightSum > 0) {
      optimizer.advance();
    }
  }
}
