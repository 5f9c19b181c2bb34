package org.rectifier.nn.loss;

import java.io.Serializable;

/**
 * The output non-linearity and the loss, together, over a block of output rows.
 *
 * <p>Losses return <em>sums</em> over rows (weighted), never means: a minibatch split across
 * partitions is summed first and divided by the total weight once, so the mean is the same
 * whatever the split.
 */
public interface Loss extends Serializable {

  /** The name, e.g. {@code "categorical_crossentropy"}. */
  String name();

  /** Label values per row: 1 (a class index) or the number of outputs (targets). */
  int labelWidth(int numOutputs);

  /**
   * Computes the weighted loss sum and {@code delta = dLossSum/dz}.
   *
   * @param z the output layer's pre-activations (logits), {@code rows x outputs}
   * @param labels labels, {@code rows x labelWidth}
   * @param weights per-row weights, or null for all 1
   * @param rows rows of the block
   * @param outputs width of the output layer
   * @param delta receives the gradient with respect to z, same shape as z
   * @return sum over rows of weight * loss(row)
   * @throws IllegalArgumentException for a label the loss cannot take (names row and value)
   */
  double lossAndDelta(float[] z, float[] labels, float[] weights, int rows, int outputs,
      float[] delta);

  /** Turns pre-activations into predictions in place (softmax probabilities, or unchanged). */
  void output(float[] z, int rows, int outputs);

  /**
   * Weighted count of rows predicted right (argmax equals the class label); NaN for losses
   * that have no notion of a right answer.
   */
  double weightedCorrect(float[] z, float[] labels, float[] weights, int rows, int outputs);
}
