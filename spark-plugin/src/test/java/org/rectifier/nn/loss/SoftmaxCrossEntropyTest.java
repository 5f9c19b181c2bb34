package org.rectifier.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rectifier.nn.TestSupport.assertFloatNear;

import org.junit.jupiter.api.Test;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activations;

/**
 * Proves {@link SoftmaxCrossEntropy}: the weighted loss sum and its gradient
 * {@code weight * (softmax(z) - onehot)} against hand-computed values, stability for logits of
 * magnitude 1e4 (finite loss and gradient, probabilities summing to 1, the exact limits), the
 * softmax output, weighted accuracy, and that a label that is not a class index (negative,
 * fractional, too large, NaN) is rejected with an error naming the row, also through
 * {@link Network#gradient}.
 */
class SoftmaxCrossEntropyTest {

  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

  @Test
  void lossAndGradientByHand() {
    // Row 0: logits (1, 2, 3), class 0, weight 0.5: loss = log(e + e^2 + e^3) - 1.
    // Row 1: logits (0, 0, 0), class 2, weight 2: loss = log 3.
    float[] z = {1, 2, 3, 0, 0, 0};
    float[] delta = new float[6];
    double sum = loss.lossAndDelta(z, new float[] {0, 2}, new float[] {0.5f, 2f}, 2, 3, delta);
    assertEquals(0.5 * 2.4076059644443806 + 2 * 1.0986122886681098, sum, 1e-6);
    double[] expected = {
        0.5 * (0.09003057317038043 - 1), 0.5 * 0.24472847105479759, 0.5 * 0.6652409557748217,
        2.0 / 3, 2.0 / 3, 2 * (1.0 / 3 - 1)};
    for (int i = 0; i < 6; i++) {
      assertFloatNear(expected[i], delta[i], 4, "delta " + i);
    }
    // No weights means weight 1.
    double unweighted = loss.lossAndDelta(z, new float[] {0, 2}, null, 2, 3, delta);
    assertEquals(2.4076059644443806 + 1.0986122886681098, unweighted, 1e-6);
    assertFloatNear(0.09003057317038043 - 1, delta[0], 4, "unweighted delta 0");
    assertEquals(1, loss.labelWidth(3));
  }

  @Test
  void stableForLogitsOfMagnitude1e4() {
    float[] z = {
        1e4f, -1e4f, 0f, // label 1: loss 2e4 (the other terms vanish next to e^0)
        1e4f, 1e4f, 1e4f, // label 0: log 3
        -1e4f, -1e4f, -9999f, // label 2: log(1 + 2/e)
        -1e4f, 1e4f, -1e4f}; // label 1: ~0
    float[] labels = {1, 0, 2, 1};
    float[] delta = new float[z.length];
    double sum = loss.lossAndDelta(z, labels, null, 4, 3, delta);
    assertTrue(Double.isFinite(sum));
    assertEquals(2e4 + 1.0986122886681098 + 0.5514447139320511 + 0.0, sum, 1e-9);
    for (int r = 0; r < 4; r++) {
      double rowSum = 0;
      for (int c = 0; c < 3; c++) {
        assertTrue(Float.isFinite(delta[r * 3 + c]), "delta " + r + "," + c);
        rowSum += delta[r * 3 + c];
      }
      // softmax sums to 1, so p - onehot sums to 0.
      assertEquals(0.0, rowSum, 1e-6, "row " + r);
    }
    assertEquals(-1f, delta[1], 0f); // p(class 1) = 0 exactly in row 0
    assertEquals(1f, delta[0], 0f);

    float[] p = z.clone();
    loss.output(p, 4, 3);
    for (int r = 0; r < 4; r++) {
      double rowSum = 0;
      for (int c = 0; c < 3; c++) {
        float v = p[r * 3 + c];
        assertTrue(v >= 0f && v <= 1f, "probability " + v);
        rowSum += v;
      }
      assertEquals(1.0, rowSum, 1e-6, "probabilities of row " + r);
    }
    assertEquals(1f, p[0], 0f);
    assertFloatNear(1.0 / 3, p[3], 2, "tied logits");
    assertFloatNear(0.21194155761708544, p[6], 4, "e^-1 / (1 + 2 e^-1)");
    assertFloatNear(0.5761168847658291, p[8], 4, "1 / (1 + 2 e^-1)");
  }

  @Test
  void outputIsTheSoftmax() {
    float[] z = {1, 2, 3};
    loss.output(z, 1, 3);
    assertFloatNear(0.09003057317038043, z[0], 2, "p0");
    assertFloatNear(0.24472847105479759, z[1], 2, "p1");
    assertFloatNear(0.6652409557748217, z[2], 2, "p2");
  }

  @Test
  void weightedCorrectCountsArgmaxHitsByWeight() {
    float[] z = {0, 5, 1, 3, 3, 0, -1, -2, -0.5f};
    // Argmax: 1, 0 (first of a tie), 2.
    assertEquals(0.5 + 0 + 4, loss.weightedCorrect(z, new float[] {1, 1, 2},
        new float[] {0.5f, 2f, 4f}, 3, 3), 0.0);
    assertEquals(2.0, loss.weightedCorrect(z, new float[] {1, 0, 0}, null, 3, 3), 0.0);
  }

  @Test
  void badLabelsAreRejectedNamingTheRow() {
    float[] z = new float[9];
    for (float bad : new float[] {-1f, 0.5f, 3f, 2.999f, 1e10f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> loss.lossAndDelta(z, new float[] {0, 2, bad}, null, 3, 3, new float[9]),
          "label " + bad);
      assertTrue(e.getMessage().contains("Row 2"), e.getMessage());
      assertTrue(e.getMessage().contains(Float.toString(bad)), e.getMessage());
    }
  }

  @Test
  void badLabelsAreRejectedThroughTheNetwork() {
    Topology t = Topology.classifier(new int[] {2, 3, 3}, Activations.create("relu", Double.NaN));
    float[] x = {1, 2, 3, 4};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Network(t, 2).gradient(new float[t.numParams()], x, new float[] {1, 3}, null,
            2, new float[t.numParams()]));
    assertTrue(e.getMessage().contains("Row 1"), e.getMessage());
  }
}
