package org.rectifier.nn.loss;

import org.rectifier.kernel.RowOps;

/**
 * Softmax output with categorical cross-entropy against class indices (Keras's
 * {@code softmax} + {@code sparse_categorical_crossentropy}; one-hot labels are the same loss).
 *
 * <p>Computed through log-sum-exp with the row maximum subtracted, so logits of any finite
 * magnitude give a finite loss; the gradient is {@code weight * (softmax(z) - onehot(label))}.
 */
public final class SoftmaxCrossEntropy implements Loss {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "categorical_crossentropy";
  }

  @Override
  public int labelWidth(int numOutputs) {
    return 1;
  }

  @Override
  public double lossAndDelta(float[] z, float[] labels, float[] weights, int rows, int outputs,
      float[] delta) {
    double total = 0.0;
    for (int r = 0; r < rows; r++) {
      int base = r * outputs;
      int label = classIndex(labels[r], r, outputs);
      double w = weights == null ? 1.0 : weights[r];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < outputs; c++) {
        max = Math.max(max, z[base + c]);
      }
      double sum = 0.0;
      for (int c = 0; c < outputs; c++) {
        double e = Math.exp(z[base + c] - max);
        delta[base + c] = (float) e;
        sum += e;
      }
      double logSum = Math.log(sum);
      total += w * (max + logSum - z[base + label]);
      double scale = w / sum;
      for (int c = 0; c < outputs; c++) {
        delta[base + c] = (float) (delta[base + c] * scale);
      }
      delta[base + label] -= (float) w;
    }
    return total;
  }

  @Override
  public void output(float[] z, int rows, int outputs) {
    for (int r = 0; r < rows; r++) {
      int base = r * outputs;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < outputs; c++) {
        max = Math.max(max, z[base + c]);
      }
      double sum = 0.0;
      for (int c = 0; c < outputs; c++) {
        float e = (float) Math.exp(z[base + c] - max);
        z[base + c] = e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int c = 0; c < outputs; c++) {
        z[base + c] *= inv;
      }
    }
  }

  @Override
  public double weightedCorrect(float[] z, float[] labels, float[] weights, int rows,
      int outputs) {
    double correct = 0.0;
    for (int r = 0; r < rows; r++) {
      if (RowOps.argmax(z, r, outputs) == (int) labels[r]) {
        correct += weights == null ? 1.0 : weights[r];
      }
    }
    return correct;
  }

  private static int classIndex(float label, int row, int outputs) {
    int index = (int) label;
    if (index != label || index < 0 || index >= outputs) {
      throw new IllegalArgumentException("Row " + row + " of the batch has label " + label
          + "; expected a class index in [0, " + (outputs - 1) + "]");
    }
    return index;
  }
}
