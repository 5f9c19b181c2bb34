package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.activation.Activations;

/**
 * Proves inverted dropout: masks that depend on (seed, epoch, global row, layer, unit) only, keep
 * {@code 1 - rate} of the units scaled by {@code 1 / (1 - rate)}; a backward pass that is the
 * derivative of the loss under fixed masks (central differences, and one step by hand); and
 * activity statistics that see the outputs before dropout.
 */
class DropoutTest {

  private static final int ROWS = 16;

  @Test
  void aRowsMaskDependsOnItsGlobalIndexNotOnWhichBatchHoldsIt() {
    DropoutMasks masks = new DropoutMasks(0.2, 0.5, 42);
    int units = 37;
    long[] small = {5, 9, 100};
    long[] large = {1, 5, 7, 9, 50, 100};
    float[] a = new float[small.length * units];
    float[] b = new float[large.length * units];
    masks.fill(3, 1, small, 0, small.length, units, a);
    masks.fill(3, 1, large, 0, large.length, units, b);
    for (int i = 0; i < small.length; i++) {
      int j = Arrays.binarySearch(large, small[i]);
      assertArrayEquals(Arrays.copyOfRange(b, j * units, (j + 1) * units),
          Arrays.copyOfRange(a, i * units, (i + 1) * units), "row " + small[i]);
    }
    // From an offset into the row list (a task's share of a step): the same masks.
    float[] c = new float[2 * units];
    masks.fill(3, 1, large, 3, 2, units, c);
    assertArrayEquals(Arrays.copyOfRange(b, 3 * units, 5 * units), c);
    // Another epoch, layer or seed draws another mask.
    assertFalse(Arrays.equals(a, fill(masks, 4, 1, small, units)));
    assertFalse(Arrays.equals(a, fill(masks, 3, 0, small, units)));
    assertFalse(Arrays.equals(a, fill(new DropoutMasks(0.2, 0.5, 43), 3, 1, small, units)));
  }

  private static float[] fill(DropoutMasks m, int epoch, int layer, long[] rows, int units) {
    float[] out = new float[rows.length * units];
    m.fill(epoch, layer, rows, 0, rows.length, units, out);
    return out;
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(doubles = {0.0, 0.1, 0.3, 0.5, 0.9})
  void keepsOneMinusRateOfTheUnitsScaledByItsInverse(double rate) {
    DropoutMasks masks = new DropoutMasks(rate, rate, 7);
    int rows = 2000;
    int units = 100;
    long[] ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = 3L * i + 11;
    }
    float[] m = new float[rows * units];
    masks.fill(0, -1, ids, 0, rows, units, m);
    float scale = (float) (1 / (1 - rate));
    int dropped = 0;
    for (float v : m) {
      assertTrue(v == 0f || v == scale, "mask factor " + v);
      dropped += v == 0f ? 1 : 0;
    }
    // 200,000 draws: the dropped share's standard deviation is at most 0.0012.
    assertEquals(rate, dropped / (double) m.length, 0.006);
  }

  @Test
  void ratesOutsideZeroToOneAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DropoutMasks(0, 1.0, 1));
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DropoutMasks(-0.1, 0, 1));
  }

  /**
   * The analytic gradient with dropout is the derivative of the loss the same call returns,
   * under the same (fixed) masks: Richardson-extrapolated central differences, as
   * {@link GradientCheckTest}, on smooth activations (a mask moves pre-activations, so the kink
   * margins of that test would not hold for relu).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tanh", "gelu", "sigmoid"})
  void gradientWithFixedMasksMatchesCentralDifferences(String activation) {
    for (boolean classifier : new boolean[] {true, false}) {
      int[] layers = classifier ? new int[] {4, 6, 5, 3} : new int[] {4, 6, 5, 2};
      GradientCheckTest.Problem p = GradientCheckTest.Problem.create(
          Activations.create(activation, Double.NaN), classifier, layers, 5);
      DropoutMasks masks = new DropoutMasks(0.25, 0.4, 99);
      long[] rows = new long[ROWS];
      for (int r = 0; r < ROWS; r++) {
        rows[r] = 1000 + 7L * r;
      }
      Network net = new Network(p.topology, ROWS);
      float[] grad = new float[p.weights.length];
      net.gradient(Convert.toFloat(p.weights), p.x, p.labels, p.rowWeights, ROWS, grad, masks,
          2, rows, 0);
      double[] analytic = new double[grad.length];
      for (int i = 0; i < grad.length; i++) {
        analytic[i] = grad[i];
      }
      double[] numeric = new double[analytic.length];
      double h = GradientCheckTest.H;
      for (int i = 0; i < numeric.length; i++) {
        double fine = central(net, p, masks, rows, i, h);
        double coarse = central(net, p, masks, rows, i, 2 * h);
        numeric[i] = (4 * fine - coarse) / 3;
      }
      GradientCheckTest.Check check = new GradientCheckTest.Check(numeric, analytic);
      check.assertPasses(activation + " with dropout, classifier=" + classifier);
      // Without dropout the gradient differs: the masks were really applied.
      float[] plain = new float[grad.length];
      net.gradient(Convert.toFloat(p.weights), p.x, p.labels, p.rowWeights, ROWS, plain);
      assertFalse(Arrays.equals(grad, plain));
    }
  }

  private static double central(Network net, GradientCheckTest.Problem p, DropoutMasks masks,
      long[] rows, int i, double h) {
    double[] plus = p.weights.clone();
    double[] minus = p.weights.clone();
    plus[i] += h;
    minus[i] -= h;
    double step = (double) (float) plus[i] - (double) (float) minus[i];
    float[] scratch = new float[plus.length];
    double lp = net.gradient(Convert.toFloat(plus), p.x, p.labels, p.rowWeights, ROWS, scratch,
        masks, 2, rows, 0).lossSum;
    double lm = net.gradient(Convert.toFloat(minus), p.x, p.labels, p.rowWeights, ROWS, scratch,
        masks, 2, rows, 0).lossSum;
    return (lp - lm) / step;
  }

  /**
   * One row through a 3-4-2 relu classifier with hidden dropout 0.5 and input dropout 0.5,
   * computed by hand from the masks: forward {@code h = relu(W1 (x * m0) + b1) * m1},
   * {@code z = W2 h + b2}, softmax cross-entropy; backward {@code dW2 = h (p - y)^T},
   * {@code dW1 = (x * m0) ((W2 (p - y)) * m1 * relu'(pre))^T}.
   */
  @Test
  void oneReluRowByHand() {
    int in = 3;
    int hidden = 4;
    int out = 2;
    Topology t = Topology.classifier(new int[] {in, hidden, out},
        Activations.create("relu", Double.NaN));
    Random random = new Random(3);
    float[] params = new float[t.numParams()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) random.nextGaussian();
    }
    float[] x = {0.5f, -1.25f, 2f};
    float[] y = {1f};
    DropoutMasks masks = new DropoutMasks(0.5, 0.5, 8);
    long[] rows = {12345};
    // A key whose masks drop some units and keep others in both layers (searched, then fixed).
    int epoch = keyWithMixedMasks(masks, rows, in, hidden);
    float[] m0 = new float[in];
    float[] m1 = new float[hidden];
    masks.fill(epoch, -1, rows, 0, 1, in, m0);
    masks.fill(epoch, 0, rows, 0, 1, hidden, m1);
    double[] xd = new double[in];
    for (int i = 0; i < in; i++) {
      xd[i] = x[i] * m0[i];
    }
    double[] pre = new double[hidden];
    double[] h = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double s = params[t.biasOffset(0) + j];
      for (int i = 0; i < in; i++) {
        s += xd[i] * params[t.weightOffset(0) + i * hidden + j];
      }
      pre[j] = s;
      h[j] = Math.max(0, s) * m1[j];
    }
    double[] z = new double[out];
    for (int k = 0; k < out; k++) {
      double s = params[t.biasOffset(1) + k];
      for (int j = 0; j < hidden; j++) {
        s += h[j] * params[t.weightOffset(1) + j * out + k];
      }
      z[k] = s;
    }
    double max = Math.max(z[0], z[1]);
    double norm = Math.exp(z[0] - max) + Math.exp(z[1] - max);
    double[] prob = {Math.exp(z[0] - max) / norm, Math.exp(z[1] - max) / norm};
    double loss = -Math.log(prob[1]);
    double[] d2 = {prob[0], prob[1] - 1};

    float[] grad = new float[t.numParams()];
    BatchStats stats = new Network(t, 1).gradient(params, x, y, null, 1, grad, masks, epoch,
        rows, 0);
    assertEquals(loss, stats.lossSum, 1e-5);
    for (int j = 0; j < hidden; j++) {
      for (int k = 0; k < out; k++) {
        assertEquals(h[j] * d2[k], grad[t.weightOffset(1) + j * out + k], 1e-5,
            "dW2[" + j + "][" + k + "]");
      }
    }
    for (int j = 0; j < hidden; j++) {
      double back = 0;
      for (int k = 0; k < out; k++) {
        back += params[t.weightOffset(1) + j * out + k] * d2[k];
      }
      double d1 = back * m1[j] * (pre[j] > 0 ? 1 : 0);
      assertEquals(d1, grad[t.biasOffset(0) + j], 1e-5, "db1[" + j + "]");
      for (int i = 0; i < in; i++) {
        assertEquals(xd[i] * d1, grad[t.weightOffset(0) + i * hidden + j], 1e-5,
            "dW1[" + i + "][" + j + "]");
      }
    }
  }

  private static int keyWithMixedMasks(DropoutMasks masks, long[] rows, int in, int hidden) {
    for (int epoch = 0; epoch < 1000; epoch++) {
      float[] m0 = new float[in];
      float[] m1 = new float[hidden];
      masks.fill(epoch, -1, rows, 0, 1, in, m0);
      masks.fill(epoch, 0, rows, 0, 1, hidden, m1);
      if (mixed(m0) && mixed(m1)) {
        return epoch;
      }
    }
    throw new IllegalStateException("no epoch with mixed masks");
  }

  private static boolean mixed(float[] m) {
    boolean zero = false;
    boolean kept = false;
    for (float v : m) {
      zero |= v == 0f;
      kept |= v != 0f;
    }
    return zero && kept;
  }

  /** Sparsity and dead units describe the network, not the noise dropout adds in training. */
  @Test
  void activityCountsOutputsBeforeDropout() {
    // One hidden layer: its outputs do not depend on its own dropout, so the plain pass's
    // statistics are the right answer (counting after dropout would add about half the units).
    Topology t = Topology.classifier(new int[] {6, 16, 3},
        Activations.create("relu", Double.NaN));
    Random random = new Random(4);
    float[] params = Convert.toFloat(t.initialWeights(4));
    float[] x = TestSupport.gaussian(random, ROWS * 6, 1.0);
    float[] y = TestSupport.classLabels(random, ROWS, 3);
    long[] rows = new long[ROWS];
    for (int r = 0; r < ROWS; r++) {
      rows[r] = r;
    }
    Network plain = new Network(t, ROWS);
    plain.gradient(params, x, y, null, ROWS, new float[t.numParams()]);
    LayerActivity expected = LayerActivity.of(t);
    plain.recordActivity(expected, ROWS);
    Network dropped = new Network(t, ROWS);
    dropped.gradient(params, x, y, null, ROWS, new float[t.numParams()],
        new DropoutMasks(0, 0.5, 1), 0, rows, 0);
    LayerActivity actual = LayerActivity.of(t);
    dropped.recordActivity(actual, ROWS);
    assertArrayEquals(expected.zeroCounts(), actual.zeroCounts(),
        "dropout's zeros must not count as sparsity");
    assertArrayEquals(expected.activeFlags(), actual.activeFlags());
  }
}
