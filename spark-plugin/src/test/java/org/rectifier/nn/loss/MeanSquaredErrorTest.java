package org.rectifier.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Proves {@link MeanSquaredError} as Keras's {@code mse}: per row the mean over outputs of
 * {@code (z - y)^2}, times the row weight, summed over rows; its gradient
 * {@code 2 w (z - y) / outputs}; identity outputs; no accuracy.
 */
class MeanSquaredErrorTest {

  private final MeanSquaredError loss = new MeanSquaredError();

  @Test
  void lossAndGradientByHand() {
    // Row 0: z (1, 2), y (0, 4), weight 2: 2 * (1 + 4) / 2 = 5; delta 2*2/2 * (1, -2).
    // Row 1: z (0.5, -1), y (0.5, 1), weight 0.25: 0.25 * (0 + 4) / 2 = 0.5; delta 0.25 * (0, -2).
    float[] z = {1, 2, 0.5f, -1};
    float[] y = {0, 4, 0.5f, 1};
    float[] delta = new float[4];
    assertEquals(5.5, loss.lossAndDelta(z, y, new float[] {2f, 0.25f}, 2, 2, delta), 0.0);
    assertArrayEquals(new float[] {2, -4, 0, -0.5f}, delta, 0f);
    assertEquals(2.5 + 2.0, loss.lossAndDelta(z, y, null, 2, 2, delta), 0.0);
    assertArrayEquals(new float[] {1, -2, 0, -2}, delta, 0f);
    assertEquals(2, loss.labelWidth(2));
  }

  @Test
  void outputsAreThePreActivationsAndThereIsNoAccuracy() {
    float[] z = {1.5f, -2f};
    loss.output(z, 1, 2);
    assertArrayEquals(new float[] {1.5f, -2f}, z, 0f);
    assertTrue(Double.isNaN(loss.weightedCorrect(z, z, null, 1, 2)));
  }
}
