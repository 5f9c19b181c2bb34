package org.rectifier.nn;

import org.rectifier.kernel.Convert;
import org.rectifier.nn.optim.MinibatchUpdate;
import org.rectifier.nn.optim.Optimizer;

/**
 * Minibatch training in one JVM, no Spark: the reference the distributed trainer must agree
 * with (same {@link EpochOrder}, same update), and a way to use the engine on its own.
 */
public final class LocalTrainer {

  private final Topology topology;
  private final MinibatchUpdate update;
  private final int batchSize;
  private final long seed;

  /**
   * @param topology the network
   * @param optimizer the optimizer (it keeps the step state)
   * @param regParam L2 strength
   * @param batchSize rows per step
   * @param seed the seed of the epoch orders
   */
  public LocalTrainer(Topology topology, Optimizer optimizer, double regParam, int batchSize,
      long seed) {
    this.topology = topology;
    this.update = new MinibatchUpdate(topology, optimizer, regParam);
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /**
   * Trains {@code weights} in place for {@code epochs} epochs (or until {@code tol} says the loss
   * stopped improving).
   *
   * @param weights master parameters, updated
   * @param x features, {@code rows x inputs} row-major
   * @param labels labels, {@code rows x labelWidth}
   * @param rowWeights row weights or null
   * @param rows number of rows
   * @param epochs passes over the data
   * @param tol see {@link Convergence}
   * @return the per-epoch history
   */
  public TrainingHistory fit(double[] weights, float[] x, float[] labels, float[] rowWeights,
      int rows, int epochs, double tol) {
    int in = topology.numInputs();
    int labelWidth = topology.loss().labelWidth(topology.numOutputs());
    int batchRows = Math.min(batchSize, rows);
    Network network = new Network(topology, batchRows);
    float[] bx = new float[batchRows * in];
    float[] by = new float[batchRows * labelWidth];
    float[] bw = rowWeights == null ? null : new float[batchRows];
    float[] params = new float[weights.length];
    float[] grad = new float[weights.length];
    double[] gradSum = new double[weights.length];
    TrainingHistory history = new TrainingHistory();
    Convergence convergence = new Convergence(tol);
    for (int epoch = 0; epoch < epochs; epoch++) {
      long start = System.nanoTime();
      EpochOrder order = new EpochOrder(rows, batchSize, seed, epoch);
      LayerActivity activity = LayerActivity.of(topology);
      long computeNanos = 0;
      double lossWeighted = 0;
      double weightTotal = 0;
      double correctTotal = 0;
      for (int step = 0; step < order.numSteps(); step++) {
        long[] batch = order.rowsOfStep(step);
        for (int i = 0; i < batch.length; i++) {
          int r = (int) batch[i];
          System.arraycopy(x, r * in, bx, i * in, in);
          System.arraycopy(labels, r * labelWidth, by, i * labelWidth, labelWidth);
          if (bw != null) {
            bw[i] = rowWeights[r];
          }
        }
        Convert.toFloat(weights, params);
        long t0 = System.nanoTime();
        BatchStats stats = network.gradient(params, bx, by, bw, batch.length, grad);
        computeNanos += System.nanoTime() - t0;
        network.recordActivity(activity, batch.length);
        java.util.Arrays.fill(gradSum, 0.0);
        Convert.addTo(gradSum, grad);
        double loss = update.apply(weights, gradSum, stats.lossSum, stats.weightSum);
        lossWeighted += loss * stats.weightSum;
        weightTotal += stats.weightSum;
        correctTotal += stats.correctSum;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double epochLoss = lossWeighted / weightTotal;
      history.add(new TrainingHistory.Epoch(epoch + 1, epochLoss, correctTotal / weightTotal,
          seconds, rows / Math.max(seconds, 1e-9), order.numSteps(), computeNanos / 1e9, activity, null, Double.NaN, Double.NaN));
      if (convergence.converged(epochLoss)) {
        break;
      }
    }
    return history;
  }
}
