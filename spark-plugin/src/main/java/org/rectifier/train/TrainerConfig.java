package org.rectifier.train;

/** Everything the distributed loop needs besides the data; built by the estimators. */
public final class TrainerConfig {

  /** Solver name: adam or sgd. */
  public final String solver;
  /** Learning rate. */
  public final double stepSize;
  /** SGD momentum. */
  public final double momentum;
  /** Rows per step over the whole cluster. */
  public final int batchSize;
  /** Epochs. */
  public final int maxIter;
  /** Early-stopping tolerance (see {@code org.rectifier.nn.Convergence}). */
  public final double tol;
  /** Seed of the epoch orders. */
  public final long seed;
  /** L2 strength. */
  public final double regParam;
  /** Name for logs and the Spark UI, e.g. "MLPClassifier". */
  public final String name;
  /** One barrier job per epoch (true) or one job per step. */
  public final boolean barrier;
  /** Share of rows held out to report validation loss and accuracy each epoch (0: none). */
  public final double validationFraction;
  /** Where checkpoints go (a Hadoop FileSystem path), or null for none. */
  public final String checkpointDir;
  /** Epochs between checkpoints. */
  public final int checkpointInterval;
  /** Failed training jobs that fail the fit. */
  public final int maxFailures;
  /** Dropout, schedules, clipping, penalties, early stopping. */
  public final TrainingControls controls;

  /** @see TrainerConfig */
  public TrainerConfig(String solver, double stepSize, double momentum, int batchSize,
      int maxIter, double tol, long seed, double regParam, String name, boolean barrier,
      double validationFraction, String checkpointDir, int checkpointInterval,
      int maxFailures) {
    this(solver, stepSize, momentum, batchSize, maxIter, tol, seed, regParam, name, barrier,
        validationFraction, checkpointDir, checkpointInterval, maxFailures,
        TrainingControls.none(stepSize, regParam));
  }

  /** @see TrainerConfig */
  public TrainerConfig(String solver, double stepSize, double momentum, int batchSize,
      int maxIter, double tol, long seed, double regParam, String name, boolean barrier,
      double validationFraction, String checkpointDir, int checkpointInterval,
      int maxFailures, TrainingControls controls) {
    this.controls = controls;
    this.solver = solver;
    this.stepSize = stepSize;
    this.momentum = momentum;
    this.batchSize = batchSize;
    this.maxIter = maxIter;
    this.tol = tol;
    this.seed = seed;
    this.regParam = regParam;
    this.name = name;
    this.barrier = barrier;
    this.validationFraction = validationFraction;
    this.checkpointDir = checkpointDir;
    this.checkpointInterval = checkpointInterval;
    this.maxFailures = maxFailures;
  }
}
