package org.rectifier.nn.optim;

import org.rectifier.nn.Topology;

/**
 * One optimizer step from a minibatch's summed gradient, shared by the local and the
 * distributed trainers: the weighted mean, the penalty's gradient ({@link Regularization}), an
 * optional rescaling (global-norm clipping), the decoupled weight decay and the optimizer. A
 * step can be split into ranges ({@link #prepareRange}, then {@link #stepRange}) that different
 * workers apply, and arrays may hold only a shard of the parameters ({@code base}).
 */
public final class MinibatchUpdate implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final Optimizer optimizer;
  private final Regularization reg;
  private final double clipNorm;

  /**
   * @param topology the network (it knows which parameters are connection weights)
   * @param optimizer the optimizer that owns the step state
   * @param regParam L2 strength, 0 for none
   */
  public MinibatchUpdate(Topology topology, Optimizer optimizer, double regParam) {
    this(topology, optimizer, Regularization.l2(regParam));
  }

  /** An update with any {@link Regularization}. */
  public MinibatchUpdate(Topology topology, Optimizer optimizer, Regularization reg) {
    this(topology, optimizer, reg, 0);
  }

  /**
   * @param clipNorm the largest global L2 norm of the mean gradient a step may take (larger
   *     gradients are scaled down to it, as Keras's {@code global_clipnorm}); 0 for none
   */
  public MinibatchUpdate(Topology topology, Optimizer optimizer, Regularization reg,
      double clipNorm) {
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("clipNorm must be a finite number >= 0, got "
          + clipNorm);
    }
    this.topology = topology;
    this.optimizer = optimizer;
    this.reg = reg;
    this.clipNorm = clipNorm;
  }

  /** The gradient norm steps are clipped to; 0 for none. */
  public double clipNorm() {
    return clipNorm;
  }

  /**
   * The factor a step's mean gradient of global L2 norm {@code norm} is scaled by: 1, or
   * {@code clipNorm / norm} when it is larger than {@link #clipNorm}.
   */
  public double clipScale(double norm) {
    return clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
  }

  /** The network whose parameters this updates. */
  public Topology topology() {
    return topology;
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The penalty and decay. */
  public Regularization regularization() {
    return reg;
  }

  /** The same update (topology, regularization, clipping) driving {@code shardOptimizer}. */
  public MinibatchUpdate withOptimizer(Optimizer shardOptimizer) {
    return new MinibatchUpdate(topology, shardOptimizer, reg, clipNorm);
  }

  /**
   * Applies one step in place.
   *
   * @param weights master parameters, updated
   * @param gradSum sum over the minibatch of weight * d(loss)/d(params); overwritten with the
   *     mean gradient including the penalty's
   * @param lossSum sum over the minibatch of weight * loss
   * @param weightSum total row weight of the minibatch; a step with weight 0 changes nothing
   * @return the minibatch's mean loss plus the penalty, before the step (0 for weight 0)
   */
  public double apply(double[] weights, double[] gradSum, double lossSum, double weightSum) {
    double loss = meanLoss(weights, lossSum, weightSum);
    prepareRange(weights, gradSum, weightSum, 0, weights.length, 0);
    double sq = 0;
    for (double g : gradSum) {
      sq += g * g;
    }
    stepRange(weights, gradSum, weightSum, 0, weights.length, 0, optimizer.iterations() + 1,
        clipScale(Math.sqrt(sq)));
    finish(weightSum);
    return loss;
  }

  /**
   * The minibatch's mean loss plus the penalty of {@code weights}; call before the weights
   * move. 0 for a minibatch of weight 0.
   */
  public double meanLoss(double[] weights, double lossSum, double weightSum) {
    if (!(weightSum > 0)) {
      return 0.0;
    }
    return lossSum / weightSum + topology.penalty(weights, reg.l2, reg.l1, 0, weights.length, 0);
  }

  /** {@link #prepareRange} and {@link #stepRange} with no rescaling, on whole arrays. */
  public void applyRange(double[] weights, double[] gradSum, double weightSum, int from, int to,
      long t) {
    applyRange(weights, gradSum, weightSum, from, to, 0, t);
  }

  /** {@link #prepareRange} and {@link #stepRange} with no rescaling. */
  public void applyRange(double[] weights, double[] gradSum, double weightSum, int from, int to,
      int base, long t) {
    prepareRange(weights, gradSum, weightSum, from, to, base);
    stepRange(weights, gradSum, weightSum, from, to, base, t, 1.0);
  }

  /**
   * Turns the summed gradient of parameters {@code [from, to)} into the mean gradient of the
   * loss with its penalty. Index {@code i} of the arrays is parameter {@code base + i}.
   */
  public void prepareRange(double[] weights, double[] gradSum, double weightSum, int from,
      int to, int base) {
    if (!(weightSum > 0)) {
      return;
    }
    double inv = 1.0 / weightSum;
    for (int i = from - base; i < to - base; i++) {
      gradSum[i] *= inv;
    }
    topology.addPenaltyGradient(weights, gradSum, reg.l2, reg.l1, from, to, base);
  }

  /**
   * Moves parameters {@code [from, to)} along the prepared gradient times {@code scale}:
   * decoupled weight decay, then optimizer step number {@code t}. Ranges can run on different
   * threads; together they equal one step.
   */
  public void stepRange(double[] weights, double[] gradSum, double weightSum, int from, int to,
      int base, long t, double scale) {
    if (!(weightSum > 0)) {
      // Every row of this minibatch weighs 0: there is nothing to learn from it.
      return;
    }
    if (scale != 1.0) {
      for (int i = from - base; i < to - base; i++) {
        gradSum[i] *= scale;
      }
    }
    if (reg.weightDecay != 0.0) {
      topology.scaleWeights(weights, 1.0 - optimizer.learningRate() * reg.weightDecay, from,
          to, base);
    }
    optimizer.stepRange(weights, gradSum, from - base, to - base, t);
  }

  /** Counts the step once all its ranges are applied (a step of weight 0 does not count). */
  public void finish(double weightSum) {
    if (weightSum > 0) {
      optimizer.advance();
    }
  }
}
