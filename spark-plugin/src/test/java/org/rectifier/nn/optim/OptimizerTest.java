package org.rectifier.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activations;

/**
 * Proves the optimizer steps against values worked out by hand from Keras's update rules (SGD
 * plain, with momentum and with Nesterov momentum; Adam's first two steps with epsilon 1e-7 added
 * to {@code sqrt(v)} and the bias correction folded into the step size), the solver factory's
 * validation, and the driver-side {@link MinibatchUpdate}: the summed gradient is divided by the
 * minibatch's weight sum, and {@link Topology#addL2} adds {@code regParam * W} to connection
 * weights only, never to biases or PReLU slopes, with penalty {@code 0.5 regParam |W|^2}.
 */
class OptimizerTest {

  @Test
  void sgdWithoutMomentumIsExactlyWMinusLrG() {
    Random r = new Random(3);
    double lr = 0.037;
    double[] w = new double[50];
    double[] g = new double[50];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextGaussian();
      g[i] = r.nextGaussian();
    }
    double[] stepped = w.clone();
    Sgd sgd = new Sgd(lr, 0.0, false, w.length);
    sgd.step(stepped, g);
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i] - lr * g[i], stepped[i], 0.0, "parameter " + i);
    }
    assertEquals(1, sgd.iterations());
    double[] one = {1.0};
    new Sgd(0.1, 0.0, false, 1).step(one, new double[] {0.5});
    assertEquals(0.95, one[0], 1e-16);
  }

  @Test
  void sgdMomentumTwoStepsByHand() {
    // lr 0.1, momentum 0.9, w0 = 1, g1 = 0.5, g2 = -0.25:
    // v1 = -0.1 * 0.5 = -0.05, w1 = 0.95;
    // v2 = 0.9 * -0.05 - 0.1 * -0.25 = -0.02, w2 = 0.93.
    double[] w = {1.0};
    Sgd sgd = new Sgd(0.1, 0.9, false, 1);
    sgd.step(w, new double[] {0.5});
    assertEquals(0.95, w[0], 1e-15);
    sgd.step(w, new double[] {-0.25});
    assertEquals(0.93, w[0], 1e-15);
    assertEquals(2, sgd.iterations());
  }

  @Test
  void sgdNesterovTwoStepsByHand() {
    // Same numbers; w += momentum * v - lr * g with v updated first:
    // w1 = 1 + 0.9 * -0.05 - 0.05 = 0.905; w2 = 0.905 + 0.9 * -0.02 + 0.025 = 0.912.
    double[] w = {1.0};
    Sgd sgd = new Sgd(0.1, 0.9, true, 1);
    sgd.step(w, new double[] {0.5});
    assertEquals(0.905, w[0], 1e-15);
    sgd.step(w, new double[] {-0.25});
    assertEquals(0.912, w[0], 1e-15);
  }

  @Test
  void adamFirstTwoStepsByHandWithKerasEpsilonPlacement() {
    // lr 0.1, beta1 0.9, beta2 0.999, eps 1e-7; step t: m = 0.9 m + 0.1 g,
    // v = 0.999 v + 0.001 g^2, w -= lr sqrt(1 - 0.999^t) / (1 - 0.9^t) * m / (sqrt(v) + eps).
    // t = 1: step size 0.1 sqrt(0.001) / 0.1 = 0.0316227766...; e.g. for g = 0.5:
    //   m = 0.05, sqrt(v) = sqrt(0.00025) = 0.0158113883..., w = 1 - 0.0999993675... .
    // t = 2: step size 0.1 sqrt(0.001999) / 0.19 = 0.0235316725...; g = -0.25:
    //   m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225.
    // The last parameter's gradient (1e-7) is so small that epsilon dominates sqrt(v): the
    // paper's form (epsilon added to the bias-corrected sqrt(v)) would move it by 0.05, not 0.003.
    double[] w = {1.0, -2.0, 0.5, 3.0};
    Adam adam = new Adam(0.1, w.length);
    adam.step(w, new double[] {0.5, -0.25, 0.0, 1e-7});
    assertArrayEquals(
        new double[] {0.9000006324515321, -1.9000012648950644, 0.5, 2.9969346569968285}, w,
        1e-12);
    adam.step(w, new double[] {-0.25, 0.5, 0.0, 1e-7});
    assertArrayEquals(
        new double[] {0.8733670792079217, -1.9366114104796783, 0.5, 2.9926549841495853}, w,
        1e-12);
    assertEquals(2, adam.iterations());
    assertEquals(1e-7, Adam.EPSILON, 0.0);
    assertEquals(0.9, Adam.BETA1, 0.0);
    assertEquals(0.999, Adam.BETA2, 0.0);
  }

  @Test
  void factoryCreatesAndValidates() {
    Optimizer adam = Optimizer.create("adam", 0.01, 0.5, 3);
    assertInstanceOf(Adam.class, adam);
    assertEquals("adam", adam.name());
    Optimizer sgd = Optimizer.create("sgd", 0.01, 0.5, 3);
    assertInstanceOf(Sgd.class, sgd);
    assertEquals("sgd", sgd.name());
    assertEquals(0, sgd.iterations());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizer.create("rmsprop", 0.01, 0, 3));
    assertTrue(e.getMessage().contains("rmsprop") && e.getMessage().contains("adam")
        && e.getMessage().contains("sgd"), e.getMessage());
    for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> Optimizer.create("adam", bad, 0, 3),
          "stepSize " + bad);
    }
    for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, bad, false, 3),
          "momentum " + bad);
    }
  }

  /** A [2, 3, 2] prelu net: W0 at 0..5, b0 6..8, slopes 9..11, W1 12..17, b1 18..19. */
  private static Topology preluNet() {
    return Topology.classifier(new int[] {2, 3, 2}, Activations.create("prelu", Double.NaN));
  }

  private static boolean isConnectionWeight(int i) {
    return i <= 5 || (i >= 12 && i <= 17);
  }

  private static double[] randomWeights(int n, long seed) {
    Random r = new Random(seed);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = r.nextGaussian();
    }
    return w;
  }

  @Test
  void l2AppliesToConnectionWeightsOnly() {
    Topology t = preluNet();
    assertEquals(20, t.numParams());
    double[] w = randomWeights(20, 7);
    double[] grad = new double[20];
    java.util.Arrays.fill(grad, 1.0);
    double penalty = t.addL2(w, grad, 0.1);
    double sumSq = 0;
    for (int i = 0; i < 20; i++) {
      if (isConnectionWeight(i)) {
        sumSq += w[i] * w[i];
        assertEquals(1.0 + 0.1 * w[i], grad[i], 1e-15, "weight " + i);
      } else {
        assertEquals(1.0, grad[i], 0.0, "bias or slope " + i + " must get no L2");
      }
    }
    assertEquals(0.05 * sumSq, penalty, 1e-14);
    double[] untouched = grad.clone();
    assertEquals(0.0, t.addL2(w, grad, 0.0), 0.0);
    assertArrayEquals(untouched, grad, 0.0);
  }

  @Test
  void minibatchUpdateDividesByTheWeightSumThenAddsL2() {
    Topology t = preluNet();
    double[] w = randomWeights(20, 8);
    double[] gradSum = randomWeights(20, 9);
    double[] w0 = w.clone();
    double[] g0 = gradSum.clone();
    double lr = 0.5;
    double reg = 0.1;
    MinibatchUpdate update = new MinibatchUpdate(t, new Sgd(lr, 0, false, 20), reg);
    double loss = update.apply(w, gradSum, 6.0, 4.0);
    double penalty = 0;
    for (int i = 0; i < 20; i++) {
      double mean = g0[i] / 4.0 + (isConnectionWeight(i) ? reg * w0[i] : 0.0);
      assertEquals(mean, gradSum[i], 1e-15, "mean gradient " + i);
      assertEquals(w0[i] - lr * mean, w[i], 1e-15, "parameter " + i);
      penalty += isConnectionWeight(i) ? 0.5 * reg * w0[i] * w0[i] : 0.0;
    }
    assertEquals(6.0 / 4.0 + penalty, loss, 1e-14);
    assertEquals(1, update.optimizer().iterations());
  }
}
