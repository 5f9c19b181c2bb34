package org.rectifier.train.step;

import java.nio.ByteBuffer;

/**
 * The per-chunk sums of one step: the penalty of the weights before the update (for the loss),
 * the squared mean gradient of all parameters (for global-norm clipping) and, per dense layer,
 * of its weights (for the history's gradient norms). Each chunk's owner fills its chunks;
 * totals are taken over chunks in order (see {@link Chunks}), so they have the same bits
 * whoever adds them.
 */
public final class StepStats {

  private final int layers;
  private final double[] penalty;
  private final double[] totalSquares;
  private final double[] gradSquares;

  /** Room for every chunk of {@code numParams} parameters of a {@code layers}-layer network. */
  public StepStats(int numParams, int layers) {
    this.layers = layers;
    int chunks = Chunks.count(numParams);
    this.penalty = new double[chunks];
    this.totalSquares = new double[chunks];
    this.gradSquares = new double[chunks * layers];
  }

  void setPenalty(int chunk, double value) {
    penalty[chunk] = value;
  }

  void setTotalSquares(int chunk, double value) {
    totalSquares[chunk] = value;
  }

  void setGradSquares(int chunk, int layer, double value) {
    gradSquares[chunk * layers + layer] = value;
  }

  /** The penalty of the weights before the step. */
  public double penalty() {
    double s = 0;
    for (double v : penalty) {
      s += v;
    }
    return s;
  }

  /** The global L2 norm of the step's mean gradient (penalty included, before clipping). */
  public double gradientNorm() {
    double s = 0;
    for (double v : totalSquares) {
      s += v;
    }
    return Math.sqrt(s);
  }

  /** Adds each dense layer's mean weight gradient L2 norm to {@code normSums[layer]}. */
  public void addNorms(double[] normSums) {
    for (int l = 0; l < layers; l++) {
      double s = 0;
      for (int c = l; c < gradSquares.length; c += layers) {
        s += gradSquares[c];
      }
      normSums[l] += Math.sqrt(s);
    }
  }

  /** Bytes {@link #write} takes for chunks {@code [from, to)}. */
  public int byteSize(int fromChunk, int toChunk) {
    return 8 * (toChunk - fromChunk) * (2 + layers);
  }

  /** Writes the sums of chunks {@code [from, to)} (a shard's) to {@code out}. */
  public void write(int fromChunk, int toChunk, ByteBuffer out) {
    for (int c = fromChunk; c < toChunk; c++) {
      out.putDouble(penalty[c]).putDouble(totalSquares[c]);
    }
    for (int i = fromChunk * layers; i < toChunk * layers; i++) {
      out.putDouble(gradSquares[i]);
    }
  }

  /** Reads what {@link #write} wrote for chunks {@code [from, to)}. */
  public void read(int fromChunk, int toChunk, ByteBuffer in) {
    for (int c = fromChunk; c < toChunk; c++) {
      penalty[c] = in.getDouble();
      totalSquares[c] = in.getDouble();
    }
    for (int i = fromChunk * layers; i < toChunk * layers; i++) {
      gradSquares[i] = in.getDouble();
    }
  }

  /** Bytes {@link #writeTotals} takes for chunks {@code [from, to)}. */
  public static int totalsByteSize(int fromChunk, int toChunk) {
    return 8 * (toChunk - fromChunk);
  }

  /** Writes only the total squares of chunks {@code [from, to)} (for clipping). */
  public void writeTotals(int fromChunk, int toChunk, ByteBuffer out) {
    for (int c = fromChunk; c < toChunk; c++) {
      out.putDouble(totalSquares[c]);
    }
  }

  /** Reads what {@link #writeTotals} wrote. */
  public void readTotals(int fromChunk, int toChunk, ByteBuffer in) {
    for (int c = fromChunk; c < toChunk; c++) {
      totalSquares[c] = in.getDouble();
    }
  }
}
