package org.rectifier.nn.loss;

/**
 * Identity output with mean squared error, as Keras's {@code mse}: per row the mean over outputs
 * of {@code (z - y)^2}.
 */
public final class MeanSquaredError implements Loss {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "mean_squared_error";
  }

  @Override
  public int labelWidth(int numOutputs) {
    return numOutputs;
  }

  @Override
  public double lossAndDelta(float[] z, float[] labels, float[] weights, int rows, int outputs,
      float[] delta) {
    double total = 0.0;
    double perOutput = 1.0 / outputs;
    for (int r = 0; r < rows; r++) {
      int base = r * outputs;
      double w = weights == null ? 1.0 : weights[r];
      double rowSum = 0.0;
      for (int c = 0; c < outputs; c++) {
        double diff = (double) z[base + c] - labels[base + c];
        rowSum += diff * diff;
        delta[base + c] = (float) (2.0 * w * perOutput * diff);
      }
      total += w * rowSum * perOutput;
    }
    return total;
  }

  @Override
  public void output(float[] z, int rows, int outputs) {
    // Identity: the pre-activations are the predictions.
  }

  @Override
  public double weightedCorrect(float[] z, float[] labels, float[] weights, int rows,
      int outputs) {
    return Double.NaN;
  }
}
