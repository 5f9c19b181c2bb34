package org.rectifier.nn.optim;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as Keras defines it:
 * {@code v = momentum * v - lr * g}; then {@code w += v}, or with Nesterov
 * {@code w += momentum * v - lr * g}. With momentum 0 a step is exactly {@code w - lr * g}.
 */
public final class Sgd implements Optimizer {

  private static final long serialVersionUID = 1L;

  private double learningRate;
  private final double momentum;
  private final boolean nesterov;
  private final double[] velocity;
  private long t;

  /**
   * @param learningRate the step size
   * @param momentum in [0, 1)
   * @param nesterov whether to use Nesterov momentum
   * @param numParams length of the parameter array
   */
  public Sgd(double learningRate, double momentum, boolean nesterov, int numParams) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.velocity = momentum == 0 ? null : new double[numParams];
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public long iterations() {
    return t;
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public void setIterations(long t) {
    this.t = t;
  }

  @Override
  public double[][] state() {
    return velocity == null ? new double[0][] : new double[][] {velocity};
  }

  @Override
  public Optimizer withSize(int numParams) {
    return new Sgd(learningRate, momentum, nesterov, numParams);
  }

  @Override
  public void advance() {
    t++;
  }

  @Override
  public void stepRange(double[] params, double[] grad, int from, int to, long step) {
    if (velocity == null) {
      for (int i = from; i < to; i++) {
        params[i] -= learningRate * grad[i];
      }
      return;
    }
    for (int i = from; i < to; i++) {
      double vi = momentum * velocity[i] - learningRate * grad[i];
      velocity[i] = vi;
      params[i] += nesterov ? momentum * vi - learningRate * grad[i] : vi;
    }
  }
}
