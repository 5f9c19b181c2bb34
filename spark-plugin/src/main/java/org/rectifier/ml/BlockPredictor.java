package org.rectifier.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Prediction a block of rows at a time: features of up to {@link #BLOCK_ROWS} rows are stacked
 * into one float32 matrix and pushed through the network with GEMMs, instead of one matrix-vector
 * product per row as Spark's per-row UDF path does. Subclasses say how a row of their kind gives
 * its features and takes the output columns; the block loop and the output math live here.
 *
 * @param <R> the row type: Spark's internal rows on the fast path, {@code Row} for streaming
 */
abstract class BlockPredictor<R> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Rows per GEMM: large enough to run near the BLAS peak, small enough to stay in cache. */
  static final int BLOCK_ROWS = 512;

  /** What to append for each row, in this order. */
  enum Output { RAW, PROBABILITY, PREDICTION, REGRESSION }

  final ModelCore core;
  final String featuresCol;
  final Output[] outputs;
  private final double[] thresholds;

  BlockPredictor(ModelCore core, String featuresCol, Output[] outputs, double[] thresholds) {
    this.core = core;
    this.featuresCol = featuresCol;
    this.outputs = outputs;
    this.thresholds = thresholds;
  }

  /**
   * Writes the row's features as float32 at {@code x[offset]}, checked against the network;
   * {@code index} is the row's position in the partition, for error messages.
   */
  abstract void readFeatures(R row, float[] x, int offset, long index);

  /**
   * A copy of the row that stays valid after the input iterator moves on, at least until the row
   * in the same {@code slot} of the next block is retained (Spark's contract: a consumer that
   * keeps a row past {@code next()} copies it, so slots may be reused block after block).
   */
  abstract R retain(R row, int slot);

  /**
   * The row with the output columns appended. {@code raw}/{@code prob} are fresh arrays the
   * result may keep; they are null for a regression output.
   */
  abstract R append(R row, double[] raw, double[] prob, double value);

  /** The rows of one partition, with outputs appended, computed a block at a time. */
  final Iterator<R> predict(Iterator<R> input) {
    int in = core.topology.numInputs();
    int k = core.topology.numOutputs();
    float[] x = new float[BLOCK_ROWS * in];
    float[] out = new float[BLOCK_ROWS * k];
    List<R> block = new ArrayList<>(BLOCK_ROWS);
    return new Iterator<R>() {
      private int next;
      private long seen;

      @Override
      public boolean hasNext() {
        return next < block.size() || fill();
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return outputsFor(block.get(next), out, next++ * k, k);
      }

      private boolean fill() {
        block.clear();
        next = 0;
        while (block.size() < BLOCK_ROWS && input.hasNext()) {
          R row = input.next();
          readFeatures(row, x, block.size() * in, seen++);
          block.add(retain(row, block.size()));
        }
        if (block.isEmpty()) {
          return false;
        }
        core.predictRawBlock(x, block.size(), out);
        return true;
      }
    };
  }

  private R outputsFor(R row, float[] out, int off, int k) {
    if (outputs.length > 0 && outputs[0] == Output.REGRESSION) {
      return append(row, null, null, out[off]);
    }
    // Log-softmax in float64: raw = z - logsumexp(z); probability = exp(raw).
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, out[off + c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(out[off + c] - max);
    }
    double logSum = max + Math.log(sum);
    double[] raw = new double[k];
    double[] prob = new double[k];
    for (int c = 0; c < k; c++) {
      raw[c] = out[off + c] - logSum;
      prob[c] = Math.exp(raw[c]);
    }
    return append(row, raw, prob, predict(prob));
  }

  /** argmax of probability / threshold, as MLlib (a 0 threshold wins outright). */
  private double predict(double[] prob) {
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < prob.length; c++) {
      double v = thresholds == null ? prob[c]
          : thresholds[c] == 0 ? Double.POSITIVE_INFINITY : prob[c] / thresholds[c];
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    return best;
  }
}
