package org.rectifier.ml;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Prediction a block of rows at a time: features of up to {@link #BLOCK_ROWS} rows are stacked
 * into one float32 matrix and pushed through the network with GEMMs, instead of one matrix-vector
 * product per row as Spark's per-row UDF path does. Appends the output columns to each row.
 */
final class BlockPredictor implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** Rows per GEMM: large enough to run near the BLAS peak, small enough to stay in cache. */
  static final int BLOCK_ROWS = 512;

  /** What to append for each row. */
  enum Output { RAW, PROBABILITY, PREDICTION, REGRESSION }

  private final ModelCore core;
  private final int featuresIndex;
  private final String featuresCol;
  private final Output[] outputs;
  private final double[] thresholds;

  BlockPredictor(ModelCore core, int featuresIndex, String featuresCol, Output[] outputs,
      double[] thresholds) {
    this.core = core;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.outputs = outputs;
    this.thresholds = thresholds;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    int in = core.topology.numInputs();
    int k = core.topology.numOutputs();
    float[] x = new float[BLOCK_ROWS * in];
    float[] out = new float[BLOCK_ROWS * k];
    List<Row> block = new ArrayList<>(BLOCK_ROWS);
    return new Iterator<Row>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < block.size() || fill();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return withOutputs(block.get(next), out, next++ * k, k);
      }

      private boolean fill() {
        block.clear();
        next = 0;
        while (block.size() < BLOCK_ROWS && input.hasNext()) {
          Row row = input.next();
          core.copyFeatures((Vector) row.get(featuresIndex), x, block.size() * in, featuresCol);
          block.add(row);
        }
        if (block.isEmpty()) {
          return false;
        }
        core.predictRawBlock(x, block.size(), out);
        return true;
      }
    };
  }

  private Row withOutputs(Row row, float[] out, int off, int k) {
    int n = row.length();
    Object[] values = new Object[n + outputs.length];
    for (int i = 0; i < n; i++) {
      values[i] = row.get(i);
    }
    if (outputs.length > 0 && outputs[0] == Output.REGRESSION) {
      values[n] = (double) out[off];
      return RowFactory.create(values);
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
    for (int j = 0; j < outputs.length; j++) {
      switch (outputs[j]) {
        case RAW:
          values[n + j] = Vectors.dense(raw);
          break;
        case PROBABILITY:
          values[n + j] = Vectors.dense(prob);
          break;
        default:
          values[n + j] = predict(prob);
      }
    }
    return RowFactory.create(values);
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
