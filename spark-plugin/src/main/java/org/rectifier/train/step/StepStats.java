package org.rectifier.train.step;

import java.nio.ByteBuffer;

/**
 * The per-chunk sums of one step that the history reports: the squared connection weights
 * before the update (the L2 penalty) and, per dense layer, the squared mean weight gradient.
 * Each chunk's owner fills its chunks; totals are taken over chunks in order (see
 * {@link Chunks}).
 */
public final class StepStats {

  private final int layers;
  private final double[] l2Squares;
  private final double[] gradSquares;

  /** Room for every chunk of {@code numParams} parameters of a {@code layers}-layer network. */
  public StepStats(int numParams, int layers) {
    this.layers = layers;
    int chunks = Chunks.count(numParams);
    this.l2Squares = new double[chunks];
    this.gradSquares = new double[chunks * layers];
  }

  void setL2Squares(int chunk, double value) {
    l2Squares[chunk] = value;
  }

  void setGradSquares(int chunk, int layer, double value) {
    gradSquares[chunk * layers + layer] = value;
  }

  /** {@code 0.5 * regParam * |W|^2} of the weights before the step. */
  public double penalty(double regParam) {
    if (regParam == 0.0) {
      return 0.0;
    }
    double s = 0;
    for (double v : l2Squares) {
      s += v;
    }
    return 0.5 * regParam * s;
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
    return 8 * (toChunk - fromChunk) * (1 + layers);
  }

  /** Writes the sums of chunks {@code [from, to)} (a shard's) to {@code out}. */
  public void write(int fromChunk, int toChunk, ByteBuffer out) {
    for (int c = fromChunk; c < toChunk; c++) {
      out.putDouble(l2Squares[c]);
    }
    for (int i = fromChunk * layers; i < toChunk * layers; i++) {
      out.putDouble(gradSquares[i]);
    }
  }

  /** Reads what {@link #write} wrote for chunks {@code [from, to)}. */
  public void read(int fromChunk, int toChunk, ByteBuffer in) {
    for (int c = fromChunk; c < toChunk; c++) {
      l2Squares[c] = in.getDouble();
    }
    for (int i = fromChunk * layers; i < toChunk * layers; i++) {
      gradSquares[i] = in.getDouble();
    }
  }
}
