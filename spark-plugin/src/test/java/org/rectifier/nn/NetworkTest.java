package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.activation.Activations;

/**
 * Proves the contract of {@link Network} around its passes: the gradient and loss are sums over
 * rows (a batch's equal the sums of its parts), the gradient array is overwritten rather than
 * accumulated, buffers grow for larger batches without changing results, {@code predict} is the
 * softmax of {@code predictRaw} for a classifier and equal to it for a regressor, the batch
 * statistics count weights and right answers, and {@code hiddenOutput} exposes the activations.
 */
class NetworkTest {

  private final Random random = new Random(21);
  private final Topology classifier =
      Topology.classifier(new int[] {3, 5, 4, 3}, Activations.create("prelu", Double.NaN));
  private final float[] params = Convert.toFloat(classifier.initialWeights(3));
  private final float[] x = TestSupport.gaussian(random, 10 * 3, 1.0);
  private final float[] y = TestSupport.classLabels(random, 10, 3);
  private final float[] w = TestSupport.uniform(random, 10, 0.5, 2.0);

  @Test
  void gradientAndLossAreSumsOverRows() {
    Network net = new Network(classifier, 10);
    float[] all = new float[params.length];
    BatchStats whole = net.gradient(params, x, y, w, 10, all);
    float[] first = new float[params.length];
    BatchStats a = net.gradient(params, Arrays.copyOfRange(x, 0, 12), Arrays.copyOfRange(y, 0, 4),
        Arrays.copyOfRange(w, 0, 4), 4, first);
    float[] rest = new float[params.length];
    BatchStats b = net.gradient(params, Arrays.copyOfRange(x, 12, 30),
        Arrays.copyOfRange(y, 4, 10), Arrays.copyOfRange(w, 4, 10), 6, rest);
    for (int i = 0; i < params.length; i++) {
      assertEquals(first[i] + rest[i], all[i], 1e-5 * (1 + Math.abs(all[i])), "parameter " + i);
    }
    assertEquals(a.lossSum + b.lossSum, whole.lossSum, 1e-9);
    assertEquals(a.weightSum + b.weightSum, whole.weightSum, 1e-9);
    assertEquals(a.correctSum + b.correctSum, whole.correctSum, 1e-9);
  }

  @Test
  void gradientOverwritesItsOutput() {
    Network net = new Network(classifier, 10);
    float[] grad = new float[params.length];
    net.gradient(params, x, y, w, 10, grad);
    float[] once = grad.clone();
    net.gradient(params, x, y, w, 10, grad);
    assertArrayEquals(once, grad, 0f);
  }

  @Test
  void buffersGrowWithoutChangingResults() {
    float[] small = new float[params.length];
    Network growing = new Network(classifier, 1);
    growing.gradient(params, x, y, w, 1, small);
    float[] grown = new float[params.length];
    BatchStats s1 = growing.gradient(params, x, y, w, 10, grown);
    float[] fresh = new float[params.length];
    BatchStats s2 = new Network(classifier, 10).gradient(params, x, y, w, 10, fresh);
    assertArrayEquals(fresh, grown, 0f);
    assertEquals(s2.lossSum, s1.lossSum, 0.0);
  }

  @Test
  void predictIsTheSoftmaxOfTheRawOutputs() {
    Network net = new Network(classifier, 2);
    float[] raw = new float[30];
    float[] probs = new float[30];
    net.predictRaw(params, x, 10, raw);
    net.predict(params, x, 10, probs);
    for (int r = 0; r < 10; r++) {
      double max = Math.max(raw[3 * r], Math.max(raw[3 * r + 1], raw[3 * r + 2]));
      double z = 0;
      for (int c = 0; c < 3; c++) {
        z += Math.exp(raw[3 * r + c] - max);
      }
      for (int c = 0; c < 3; c++) {
        TestSupport.assertFloatNear(Math.exp(raw[3 * r + c] - max) / z, probs[3 * r + c], 4,
            "p[" + r + "][" + c + "]");
      }
    }
    Topology regressor =
        Topology.regressor(new int[] {3, 5, 2}, Activations.create("tanh", Double.NaN));
    float[] rp = Convert.toFloat(regressor.initialWeights(4));
    float[] a = new float[20];
    float[] b = new float[20];
    new Network(regressor, 10).predict(rp, x, 10, a);
    new Network(regressor, 10).predictRaw(rp, x, 10, b);
    assertArrayEquals(b, a, 0f);
  }

  @Test
  void batchStatsCountWeightsAndRightAnswers() {
    Network net = new Network(classifier, 10);
    float[] grad = new float[params.length];
    BatchStats unweighted = net.gradient(params, x, y, null, 10, grad);
    assertEquals(10.0, unweighted.weightSum, 0.0);
    float[] raw = new float[30];
    net.predictRaw(params, x, 10, raw);
    double right = 0;
    double rightWeighted = 0;
    double weightSum = 0;
    for (int r = 0; r < 10; r++) {
      int best = org.rectifier.kernel.RowOps.argmax(raw, r, 3);
      right += best == (int) y[r] ? 1 : 0;
      rightWeighted += best == (int) y[r] ? w[r] : 0;
      weightSum += w[r];
    }
    assertEquals(right, unweighted.correctSum, 0.0);
    BatchStats weighted = net.gradient(params, x, y, w, 10, grad);
    assertEquals(rightWeighted, weighted.correctSum, 1e-12);
    assertEquals(weightSum, weighted.weightSum, 1e-12);
  }

  @Test
  void hiddenOutputIsTheActivationOfTheLastForwardPass() {
    // A 2-2-2 relu network with known weights (see TopologyTest): x = (1, 2) gives h = (5.5, 0).
    Topology t = Topology.regressor(new int[] {2, 2, 2}, Activations.create("relu", Double.NaN));
    float[] p = {1, 3, 2, 4, 0.5f, -20, 2, 0.5f, -1, 3, 0.25f, -1};
    Network net = new Network(t, 1);
    net.predictRaw(p, new float[] {1, 2}, 1, new float[2]);
    assertArrayEquals(new float[] {5.5f, 0f}, Arrays.copyOf(net.hiddenOutput(0), 2), 0f);
  }
}
