package org.rectifier.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.Convergence;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Topology;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.nn.optim.MinibatchUpdate;
import org.rectifier.nn.optim.Optimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel minibatch training: per step, the parameters go out once
 * (broadcast), each partition computes the gradient of its share of the global minibatch, and
 * the driver sums the shares in partition order (so the result does not depend on which task
 * finished first) and applies the optimizer to its float64 master copy.
 */
public final class DistributedTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private final Topology topology;
  private final TrainerConfig config;

  /** @see DistributedTrainer */
  public DistributedTrainer(Topology topology, TrainerConfig config) {
    this.topology = topology;
    this.config = config;
  }

  /**
   * Trains {@code weights} in place over {@code data}.
   *
   * @return the per-epoch history
   */
  public TrainingHistory fit(TrainingData data, double[] weights) {
    SparkContext sc = data.blocks().context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    String previousDescription = sc.getLocalProperty(JOB_DESCRIPTION);
    Optimizer optimizer = Optimizer.create(config.solver, config.stepSize, config.momentum,
        topology.numParams());
    MinibatchUpdate update = new MinibatchUpdate(topology, optimizer, config.regParam);
    long numRows = data.numRows();
    long[] offsets = data.partitionOffsets();
    float[] params = new float[topology.numParams()];
    double[] gradSum = new double[topology.numParams()];
    TrainingHistory history = new TrainingHistory();
    Convergence convergence = new Convergence(config.tol);
    long fitStart = System.nanoTime();
    try {
      for (int epoch = 0; epoch < config.maxIter; epoch++) {
        long start = System.nanoTime();
        EpochOrder order = new EpochOrder(numRows, config.batchSize, config.seed, epoch);
        int steps = order.numSteps();
        double lossWeighted = 0;
        double weightTotal = 0;
        double correctTotal = 0;
        for (int step = 0; step < steps; step++) {
          sc.setJobDescription(String.format(Locale.ROOT, "%s: epoch %d/%d, step %d/%d",
              config.name, epoch + 1, config.maxIter, step + 1, steps));
          Convert.toFloat(weights, params);
          Broadcast<float[]> bc = jsc.broadcast(params);
          List<PartialGradient> parts;
          try {
            parts = data.blocks()
                .mapPartitionsWithIndex(new StepGradient(topology, bc, order, step, offsets),
                    false)
                .collect();
          } finally {
            bc.destroy();
          }
          Arrays.fill(gradSum, 0.0);
          double lossSum = 0;
          double weightSum = 0;
          double correctSum = 0;
          // collect() returns partitions in index order: a fixed summation order.
          for (PartialGradient part : parts) {
            Convert.addTo(gradSum, part.gradient);
            lossSum += part.lossSum;
            weightSum += part.weightSum;
            correctSum += part.correctSum;
          }
          double loss = update.apply(weights, gradSum, lossSum, weightSum);
          lossWeighted += loss * weightSum;
          weightTotal += weightSum;
          correctTotal += correctSum;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingHistory.Epoch e = new TrainingHistory.Epoch(epoch + 1,
            lossWeighted / weightTotal, correctTotal / weightTotal, seconds,
            numRows / Math.max(seconds, 1e-9));
        history.add(e);
        logEpoch(e, fitStart);
        if (!Double.isFinite(e.loss)) {
          LOG.warn("{}: loss is {} at epoch {}; training diverged (lower stepSize?)",
              config.name, e.loss, e.epoch);
          break;
        }
        if (convergence.converged(e.loss)) {
          LOG.info("{}: loss stopped improving by more than tol={} for {} epochs; stopping",
              config.name, config.tol, Convergence.PATIENCE);
          break;
        }
      }
    } finally {
      sc.setJobDescription(previousDescription);
    }
    return history;
  }

  private void logEpoch(TrainingHistory.Epoch e, long fitStart) {
    double elapsed = (System.nanoTime() - fitStart) / 1e9;
    double eta = elapsed / e.epoch * (config.maxIter - e.epoch);
    LOG.info(String.format(Locale.ROOT,
        "%s epoch %d/%d: loss %.5f, accuracy %.4f, %.2f s, %.0f rows/s, ETA %.1f s",
        config.name, e.epoch, config.maxIter, e.loss, e.accuracy, e.seconds, e.rowsPerSecond,
        eta));
  }
}
