package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.activation.Activation;

/**
 * Helpers shared by the engine tests: random data, single-block activation calls, float32
 * comparisons, and loss/gradient/accuracy evaluation at float64 master weights.
 */
public final class TestSupport {

  private TestSupport() {}

  /** {@code n} floats uniform in {@code [lo, hi)}. */
  public static float[] uniform(Random random, int n, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (lo + (hi - lo) * random.nextDouble());
    }
    return v;
  }

  /** {@code n} floats normal with mean 0 and the given standard deviation. */
  public static float[] gaussian(Random random, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (std * random.nextGaussian());
    }
    return v;
  }

  /** {@code rows} class indices uniform in {@code [0, classes)}, as float labels. */
  public static float[] classLabels(Random random, int rows, int classes) {
    float[] y = new float[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = random.nextInt(classes);
    }
    return y;
  }

  /**
   * The activation's own parameters for a layer of {@code units} units as it initializes them
   * (PReLU slopes at alpha), at offset 0; a 1-element dummy array when it has none.
   */
  public static float[] initialParams(Activation act, int units) {
    float[] params = new float[Math.max(1, act.numParams(units))];
    act.initParams(params, 0, units);
    return params;
  }

  /** {@code f(z)} for one row of {@code z.length} units, with the activation's initial params. */
  public static float[] values(Activation act, float[] z) {
    return values(act, z, initialParams(act, z.length));
  }

  /** {@code f(z)} for one row of {@code z.length} units, activation parameters at offset 0. */
  public static float[] values(Activation act, float[] z, float[] params) {
    float[] a = new float[z.length];
    act.forward(z.clone(), a, 1, z.length, params, 0);
    return a;
  }

  /** {@code f'(z)}: the forward pass, then {@code backward} with {@code delta = 1}. */
  public static float[] derivatives(Activation act, float[] z) {
    return derivatives(act, z, initialParams(act, z.length), new float[z.length + 1]);
  }

  /**
   * {@code f'(z)} via {@code backward} with {@code delta = 1}; the gradient of the activation's
   * parameters is added to {@code paramGrad} at offset 0.
   */
  public static float[] derivatives(Activation act, float[] z, float[] params,
      float[] paramGrad) {
    float[] zz = z.clone();
    float[] a = new float[z.length];
    act.forward(zz, a, 1, z.length, params, 0);
    float[] delta = new float[z.length];
    java.util.Arrays.fill(delta, 1f);
    act.backward(zz, a, delta, 1, z.length, params, paramGrad, 0);
    return delta;
  }

  /**
   * Asserts that a float32 result is within {@code ulps} float32 ulps of a float64 reference
   * (ulps of the reference rounded to float; at least the smallest normal float's ulp near 0).
   */
  public static void assertFloatNear(double expected, float actual, int ulps, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Float.isNaN(actual), what + ": expected NaN, got " + actual);
      return;
    }
    double ulp = Math.max(Math.ulp((float) expected), Float.MIN_NORMAL);
    double err = Math.abs(actual - expected);
    assertTrue(err <= ulps * ulp, String.format(java.util.Locale.ROOT,
        "%s: expected %.17g, got %.9g (%.2f float32 ulps off, allowed %d)",
        what, expected, actual, err / ulp, ulps));
  }

  /** The network's weighted loss sum at master weights {@code w} (computed in float32). */
  public static double lossSum(Network net, double[] w, float[] x, float[] labels,
      float[] rowWeights, int rows) {
    float[] grad = new float[w.length];
    return net.gradient(Convert.toFloat(w), x, labels, rowWeights, rows, grad).lossSum;
  }

  /** The network's gradient of the weighted loss sum at master weights {@code w}, widened. */
  public static double[] gradient(Network net, double[] w, float[] x, float[] labels,
      float[] rowWeights, int rows) {
    float[] grad = new float[w.length];
    net.gradient(Convert.toFloat(w), x, labels, rowWeights, rows, grad);
    double[] g = new double[w.length];
    Convert.addTo(g, grad);
    return g;
  }

  /** Fraction of rows whose predicted class (argmax of the softmax) equals the label. */
  public static double accuracy(Topology topology, double[] w, float[] x, float[] labels,
      int rows) {
    int k = topology.numOutputs();
    float[] probs = new float[rows * k];
    new Network(topology, rows).predict(Convert.toFloat(w), x, rows, probs);
    int right = 0;
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (probs[r * k + c] > probs[r * k + best]) {
          best = c;
        }
      }
      if (best == (int) labels[r]) {
        right++;
      }
    }
    return (double) right / rows;
  }
}
