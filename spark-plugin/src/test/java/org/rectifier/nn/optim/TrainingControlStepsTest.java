package org.rectifier.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activations;

/**
 * Proves one step of each training control against the step worked out by hand: global-norm
 * clipping (of the mean gradient with its penalty, over every parameter), AdamW's decoupled
 * weight decay (connection weights only, outside the gradient and Adam's moments), and MLlib's
 * elastic net (the L1 part as the subgradient {@code regParam * alpha * sign(w)}, 0 at 0). Also
 * that a step split into ranges, as shards apply it, equals the whole step.
 */
class TrainingControlStepsTest {

  /** 2-3-2 prelu classifier: 6 + 3 + 3 slopes, 6 + 2 = 20 parameters. */
  private static final Topology NET = Topology.classifier(new int[] {2, 3, 2},
      Activations.create("prelu", Double.NaN));
  private static final double WEIGHT_SUM = 4.0;

  private static double[] random(long seed, double scale) {
    Random r = new Random(seed);
    double[] v = new double[NET.numParams()];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }

  private static boolean isConnectionWeight(int i) {
    for (int l = 0; l < NET.numLayers(); l++) {
      if (i >= NET.weightOffset(l) && i < NET.biasOffset(l)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void clippingScalesTheWholeMeanGradientDownToClipNorm() {
    double lr = 0.1;
    double clip = 0.5;
    double l2 = 0.05;
    double[] w = random(1, 1);
    double[] g = random(2, 3);
    // By hand: mean gradient with the L2 penalty, its global norm, the scale, the SGD step.
    double[] mean = new double[w.length];
    double sq = 0;
    for (int i = 0; i < w.length; i++) {
      mean[i] = g[i] / WEIGHT_SUM + (isConnectionWeight(i) ? l2 * w[i] : 0);
      sq += mean[i] * mean[i];
    }
    double norm = Math.sqrt(sq);
    assertTrue(norm > 2 * clip, "the test gradient must be well above clipNorm: " + norm);
    double[] expected = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      expected[i] = w[i] - lr * mean[i] * (clip / norm);
    }
    double[] actual = w.clone();
    new MinibatchUpdate(NET, new Sgd(lr, 0, false, w.length), Regularization.l2(l2), clip)
        .apply(actual, g.clone(), 1.0, WEIGHT_SUM);
    assertArrayEquals(expected, actual, 1e-15);
    // The step moved by exactly lr * clipNorm.
    double moved = 0;
    for (int i = 0; i < w.length; i++) {
      moved += (actual[i] - w[i]) * (actual[i] - w[i]);
    }
    assertEquals(lr * clip, Math.sqrt(moved), 1e-12);
  }

  @Test
  void aGradientBelowClipNormIsNotTouched() {
    double[] w = random(3, 1);
    double[] g = random(4, 0.01);
    double[] clipped = w.clone();
    double[] plain = w.clone();
    new MinibatchUpdate(NET, new Sgd(0.1, 0, false, w.length), Regularization.NONE, 100)
        .apply(clipped, g.clone(), 1.0, WEIGHT_SUM);
    new MinibatchUpdate(NET, new Sgd(0.1, 0, false, w.length), Regularization.NONE, 0)
        .apply(plain, g.clone(), 1.0, WEIGHT_SUM);
    assertArrayEquals(plain, clipped, 0.0);
  }

  /** What shards do: prepare each range, sum the squares, then step each range scaled. */
  @Test
  void aClippedStepSplitIntoRangesEqualsTheWholeStep() {
    double[] w = random(5, 1);
    double[] g = random(6, 3);
    double[] whole = w.clone();
    MinibatchUpdate one = new MinibatchUpdate(NET, Optimizer.create("adam", 0.01, 0, w.length),
        Regularization.of(0.1, 0.3, 0), 0.5);
    one.apply(whole, g.clone(), 1.0, WEIGHT_SUM);
    double[] split = w.clone();
    double[] grad = g.clone();
    MinibatchUpdate two = new MinibatchUpdate(NET, Optimizer.create("adam", 0.01, 0, w.length),
        Regularization.of(0.1, 0.3, 0), 0.5);
    int mid = 7;
    two.prepareRange(split, grad, WEIGHT_SUM, 0, mid, 0);
    two.prepareRange(split, grad, WEIGHT_SUM, mid, w.length, 0);
    double sq = 0;
    for (double v : grad) {
      sq += v * v;
    }
    double scale = two.clipScale(Math.sqrt(sq));
    assertTrue(scale < 1);
    two.stepRange(split, grad, WEIGHT_SUM, mid, w.length, 0, 1, scale);
    two.stepRange(split, grad, WEIGHT_SUM, 0, mid, 0, 1, scale);
    two.finish(WEIGHT_SUM);
    assertArrayEquals(whole, split, 0.0);
  }

  @Test
  void adamwDecaysConnectionWeightsOutsideTheGradient() {
    double lr = 0.01;
    double decay = 0.3;
    double[] w = random(7, 1);
    double[] g = random(8, 1);
    double[] actual = w.clone();
    new MinibatchUpdate(NET, Optimizer.create("adamw", lr, 0, w.length),
        Regularization.of(0, 0, decay), 0).apply(actual, g.clone(), 1.0, WEIGHT_SUM);
    // By hand, PyTorch's AdamW: w <- w - lr * decay * w (weights only), then Adam's first step,
    // which with bias correction moves each entry by lr * m / (sqrt(v) + eps) with m = g,
    // v = g^2 (Keras's epsilon, 1e-7, scaled by the bias correction sqrt(1 - beta2)).
    double eps = Adam.EPSILON / Math.sqrt(1 - Adam.BETA2);
    for (int i = 0; i < w.length; i++) {
      double mean = g[i] / WEIGHT_SUM;
      double decayed = isConnectionWeight(i) ? w[i] * (1 - lr * decay) : w[i];
      double expected = decayed - lr * mean / (Math.abs(mean) + eps);
      assertEquals(expected, actual[i], 1e-12, "parameter " + i);
    }
    // Decoupled: not the same as an L2 penalty of the same strength fed through Adam, whose
    // first step is lr * sign(mean + decay * w), blind to the decay's size.
    double[] coupled = w.clone();
    new MinibatchUpdate(NET, Optimizer.create("adam", lr, 0, w.length),
        Regularization.l2(decay), 0).apply(coupled, g.clone(), 1.0, WEIGHT_SUM);
    assertFalse(java.util.Arrays.equals(actual, coupled));
  }

  @Test
  void adamwDecayFollowsTheScheduledLearningRate() {
    double[] w = random(9, 1);
    double[] zero = new double[w.length];
    Optimizer adamw = Optimizer.create("adamw", 0.01, 0, w.length);
    adamw.setLearningRate(0.5);
    double[] actual = w.clone();
    // A zero gradient: Adam moves nothing, so only the decay at the new rate shows.
    new MinibatchUpdate(NET, adamw, Regularization.of(0, 0, 0.1), 0)
        .apply(actual, zero, 1.0, 1.0);
    for (int i = 0; i < w.length; i++) {
      assertEquals(isConnectionWeight(i) ? w[i] * (1 - 0.5 * 0.1) : w[i], actual[i], 1e-15,
          "parameter " + i);
    }
  }

  @Test
  void elasticNetAddsTheL1SubgradientAndThePenalty() {
    double lr = 0.1;
    double reg = 0.2;
    for (double alpha : new double[] {1.0, 0.25}) {
      double[] w = random(10, 1);
      w[NET.weightOffset(1)] = 0.0; // sign(0) = 0: no pull on a weight already at zero
      double[] g = random(11, 1);
      double[] actual = w.clone();
      MinibatchUpdate update = new MinibatchUpdate(NET, new Sgd(lr, 0, false, w.length),
          Regularization.of(reg, alpha, 0), 0);
      double lossSum = 3.0;
      double loss = update.meanLoss(w, lossSum, WEIGHT_SUM);
      update.apply(actual, g.clone(), lossSum, WEIGHT_SUM);
      double abs = 0;
      double sq = 0;
      for (int i = 0; i < w.length; i++) {
        double penalty = isConnectionWeight(i)
            ? reg * alpha * Math.signum(w[i]) + reg * (1 - alpha) * w[i] : 0;
        assertEquals(w[i] - lr * (g[i] / WEIGHT_SUM + penalty), actual[i], 1e-15,
            "alpha " + alpha + ", parameter " + i);
        if (isConnectionWeight(i)) {
          abs += Math.abs(w[i]);
          sq += w[i] * w[i];
        }
      }
      assertEquals(w[NET.weightOffset(1)] - lr * g[NET.weightOffset(1)] / WEIGHT_SUM,
          actual[NET.weightOffset(1)], 0.0);
      // MLlib's objective: regParam * (alpha |W|_1 + (1 - alpha) / 2 |W|^2).
      assertEquals(lossSum / WEIGHT_SUM + reg * (alpha * abs + (1 - alpha) / 2 * sq), loss,
          1e-12);
    }
  }

  @Test
  void regularizationOutOfRangeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Regularization.of(0.1, 1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> Regularization.of(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Regularization.of(0, 0, -0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MinibatchUpdate(NET, new Sgd(0.1, 0, false, NET.numParams()),
            Regularization.NONE, -1));
    assertTrue(e.getMessage().contains("clipNorm"), e.getMessage());
  }
}
