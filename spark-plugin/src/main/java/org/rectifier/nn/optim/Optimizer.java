package org.rectifier.nn.optim;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Updates the flat parameter array in place from a mean minibatch gradient. Works in float64 on
 * the master copy of the parameters, so many small steps do not lose bits to float32 rounding.
 */
public interface Optimizer extends Serializable {

  /** Every accepted solver name. */
  List<String> NAMES = List.of("adam", "adamw", "sgd");

  /** The solver name, e.g. {@code "adam"}. */
  String name();

  /** Applies one step: {@code params} moves against {@code grad} (already averaged). */
  default void step(double[] params, double[] grad) {
    stepRange(params, grad, 0, params.length, iterations() + 1);
    advance();
  }

  /**
   * Applies step number {@code t} (1-based) to the entries {@code [from, to)} only. The update is
   * elementwise, so workers can share one step by ranges and get the same bits as one
   * {@link #step}; exactly one of them then calls {@link #advance}.
   */
  void stepRange(double[] params, double[] grad, int from, int to, long t);

  /** Counts a finished step. */
  void advance();

  /** Steps taken so far. */
  long iterations();

  /** The learning rate of the next steps. */
  double learningRate();

  /** Sets the learning rate of the next steps (a schedule's value for an epoch). */
  void setLearningRate(double learningRate);

  /** Sets the steps taken so far: for state restored from a checkpoint or cut into shards. */
  void setIterations(long t);

  /**
   * The per-parameter state arrays, live (Adam: m then v; SGD with momentum: the velocity; plain
   * SGD: none). Together with {@link #iterations} they are all an optimizer carries from step to
   * step, so shards, checkpoints and persistence are these arrays.
   */
  double[][] state();

  /** An optimizer with the same settings over {@code numParams} parameters, fresh state. */
  Optimizer withSize(int numParams);

  /**
   * The optimizer for a solver name.
   *
   * @param solver {@code adam} or {@code sgd}
   * @param stepSize the learning rate, positive
   * @param momentum sgd's momentum in [0, 1); adam ignores it
   * @param numParams length of the parameter array
   * @throws IllegalArgumentException for an unknown solver (listing the valid ones) or a bad
   *     number
   */
  static Optimizer create(String solver, double stepSize, double momentum, int numParams) {
    if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
      throw new IllegalArgumentException(
          "stepSize must be a positive finite number, got " + stepSize);
    }
    if ("adam".equals(solver)) {
      return new Adam(stepSize, numParams);
    }
    if ("adamw".equals(solver)) {
      // Adam's arithmetic; the decoupled decay is the update's (MinibatchUpdate).
      return new Adam(stepSize, Adam.BETA1, Adam.BETA2, Adam.EPSILON, numParams, "adamw");
    }
    if ("sgd".equals(solver)) {
      return new Sgd(stepSize, momentum, false, numParams);
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "Unknown solver '%s'; expected one of %s", solver, NAMES));
  }
}
