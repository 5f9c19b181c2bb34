package org.rectifier.nn.optim;

/**
 * Adam (Kingma and Ba 2015) as Keras implements it: beta1 0.9, beta2 0.999, epsilon 1e-7, with
 * the bias correction folded into the step size:
 * {@code w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}.
 */
public final class Adam implements Optimizer {

  private static final long serialVersionUID = 1L;

  /** Keras's default first-moment decay. */
  public static final double BETA1 = 0.9;
  /** Keras's default second-moment decay. */
  public static final double BETA2 = 0.999;
  /** Keras's default epsilon. */
  public static final double EPSILON = 1e-7;

  private double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] m;
  private final double[] v;
  private final String name;
  private long t;

  /** Adam with Keras's defaults. */
  public Adam(double learningRate, int numParams) {
    this(learningRate, BETA1, BETA2, EPSILON, numParams);
  }

  /** Adam with every constant given. */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, int numParams) {
    this(learningRate, beta1, beta2, epsilon, numParams, "adam");
  }

  /** Adam reporting {@code name} (e.g. "adamw", whose decay the update applies). */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, int numParams,
      String name) {
    this.name = name;
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = new double[numParams];
    this.v = new double[numParams];
  }

  @Override
  public String name() {
    return name;
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
    return new double[][] {m, v};
  }

  @Override
  public Optimizer withSize(int numParams) {
    return new Adam(learningRate, beta1, beta2, epsilon, numParams, name);
  }

  @Override
  public void advance() {
    t++;
  }

  @Override
  public void stepRange(double[] params, double[] grad, int from, int to, long step) {
    double correctedRate = learningRate * Math.sqrt(1.0 - Math.pow(beta2, step))
        / (1.0 - Math.pow(beta1, step));
    for (int i = from; i < to; i++) {
      double g = grad[i];
      m[i] += (g - m[i]) * (1.0 - beta1);
      v[i] += (g * g - v[i]) * (1.0 - beta2);
      params[i] -= correctedRate * m[i] / (Math.sqrt(v[i]) + epsilon);
    }
  }
}
