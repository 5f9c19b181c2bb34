package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.activation.InitScheme;

/**
 * Proves the flat parameter layout and the initialization of {@link Topology}.
 *
 * <p>Layout: hand-built 2-2-2 networks whose outputs are worked out by hand show that each
 * layer's W is {@code numOut x numIn} column-major (entry (out j, in i) at {@code j + i numOut}),
 * followed by the bias, then the PReLU slopes (one per unit, in unit order); offsets and parameter
 * counts follow.
 *
 * <p>Initialization: deterministic for a seed and different across seeds; statistically (on
 * layers of 10^5 weights, where the standard deviation is estimated to about 0.2%) He normal with
 * std {@code sqrt(2 / fanIn)} for the relu family, the leaky gain {@code sqrt(2 / (1 + a^2))} for
 * leaky_relu and prelu, LeCun normal {@code 1 / sqrt(fanIn)} for selu, Glorot uniform within
 * {@code sqrt(6 / (fanIn + fanOut))} for sigmoid, tanh and every output layer; biases exactly 0;
 * PReLU slopes exactly alpha.
 */
class TopologyTest {

  private static Activation act(String name) {
    return Activations.create(name, Double.NaN);
  }

  // ---------------------------------------------------------------------------------------------
  // Layout.

  @Test
  void handBuiltNetworkProvesColumnMajorWeightsThenBias() {
    Topology t = Topology.regressor(new int[] {2, 2, 2}, act("relu"));
    // Layer 0: h0 = 1 x0 + 2 x1 + 0.5, h1 = 3 x0 + 4 x1 - 20, i.e. W0 = [[1, 2], [3, 4]]
    // (row = output unit), stored column-major: W00, W10, W01, W11 = 1, 3, 2, 4.
    // Layer 1: y0 = 2 h0 - 1 h1 + 0.25, y1 = 0.5 h0 + 3 h1 - 1: W1 = [[2, -1], [0.5, 3]].
    double[] w = {1, 3, 2, 4, 0.5, -20, 2, 0.5, -1, 3, 0.25, -1};
    assertEquals(12, t.numParams());
    // x = (1, 2): h = relu(5.5, -9) = (5.5, 0); y = (11.25, 1.75).
    // x = (2, 5): h = relu(12.5, 6) = (12.5, 6); y = (25 - 6 + 0.25, 6.25 + 18 - 1).
    float[] y = predict(t, w, new float[] {1, 2, 2, 5}, 2);
    assertArrayEquals(new float[] {11.25f, 1.75f, 19.25f, 23.25f}, y, 0f);
  }

  @Test
  void handBuiltPreluNetworkProvesSlopesFollowTheBiasInUnitOrder() {
    Topology t = Topology.regressor(new int[] {2, 2, 2}, act("prelu"));
    // Same weights as above, with slopes (0.5, 0.25) between layer 0's bias and layer 1's W.
    double[] w = {1, 3, 2, 4, 0.5, -20, 0.5, 0.25, 2, 0.5, -1, 3, 0.25, -1};
    assertEquals(14, t.numParams());
    // x = (1, 2): z = (5.5, -9), h = (5.5, 0.25 * -9 = -2.25);
    // y0 = 11 + 2.25 + 0.25 = 13.5, y1 = 2.75 - 6.75 - 1 = -5.
    float[] y = predict(t, w, new float[] {1, 2}, 1);
    assertArrayEquals(new float[] {13.5f, -5f}, y, 0f);
  }

  private static float[] predict(Topology t, double[] w, float[] x, int rows) {
    float[] out = new float[rows * t.numOutputs()];
    new Network(t, rows).predict(org.rectifier.kernel.Convert.toFloat(w), x, rows, out);
    return out;
  }

  @Test
  void offsetsAndCounts() {
    Topology t = Topology.classifier(new int[] {3, 5, 4, 2}, act("prelu"));
    assertEquals(3, t.numLayers());
    assertEquals(3, t.numInputs());
    assertEquals(2, t.numOutputs());
    int[][] expected = { // weightOffset, biasOffset, activationOffset
        {0, 15, 20}, {25, 45, 49}, {53, 61, 63}};
    for (int l = 0; l < 3; l++) {
      assertEquals(expected[l][0], t.weightOffset(l), "weights of layer " + l);
      assertEquals(expected[l][1], t.biasOffset(l), "bias of layer " + l);
      assertEquals(expected[l][2], t.activationOffset(l), "slopes of layer " + l);
    }
    assertEquals(63, t.numParams()); // the output layer has no slopes
    assertEquals("identity", t.activation(2).name());
    assertSame(t.hiddenActivation(), t.activation(0));
    assertEquals(3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2,
        Topology.regressor(new int[] {3, 5, 4, 2}, act("relu")).numParams());
    int[] layers = t.layers();
    layers[0] = 99;
    assertEquals(3, t.numInputs(), "layers() is a copy");
    assertTrue(t.toString().contains("prelu"));
  }

  @Test
  void badShapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Topology.classifier(null, act("relu")));
    assertThrows(IllegalArgumentException.class,
        () -> Topology.classifier(new int[] {3}, act("relu")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Topology.classifier(new int[] {3, 0, 2}, act("relu")));
    assertTrue(e.getMessage().contains("layers[1]"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Initialization.

  @Test
  void initializationIsDeterministicPerSeed() {
    Topology t = Topology.classifier(new int[] {4, 8, 6, 3}, act("prelu"));
    double[] a = t.initialWeights(42);
    assertArrayEquals(a, Topology.classifier(new int[] {4, 8, 6, 3}, act("prelu"))
        .initialWeights(42), 0.0);
    double[] b = t.initialWeights(43);
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      differ += a[i] != b[i] ? 1 : 0;
    }
    // Every connection weight differs; biases (0) and slopes (alpha) do not depend on the seed.
    assertEquals(4 * 8 + 8 * 6 + 6 * 3, differ);
  }

  @Test
  void heForTheReluFamily() {
    for (String name : new String[] {"relu", "elu", "gelu", "relu6"}) {
      assertEquals(InitScheme.HE, act(name).initScheme(), name);
      assertEquals(Math.sqrt(2.0), act(name).initGain(), 0.0, name);
      assertNormalLayer(act(name), Math.sqrt(2.0 / 400));
    }
  }

  @Test
  void leakyGainForLeakyReluAndPrelu() {
    // sqrt(2 / (1 + a^2)): 1.2649 for a = 0.5, 1.3720 for prelu's 0.25, both clearly not
    // relu's 1.4142 at the 1% resolution of the check.
    Activation leaky = Activations.create("leaky_relu", 0.5);
    assertEquals(Math.sqrt(2.0 / 1.25), leaky.initGain(), 1e-15);
    assertNormalLayer(leaky, Math.sqrt(2.0 / 1.25) / Math.sqrt(400));
    Activation prelu = act("prelu");
    assertEquals(Math.sqrt(2.0 / 1.0625), prelu.initGain(), 1e-15);
    assertNormalLayer(prelu, Math.sqrt(2.0 / 1.0625) / Math.sqrt(400));
    double a = 0.01f; // the default slope, as the float32 the activation keeps
    assertEquals(Math.sqrt(2.0 / (1 + a * a)), act("leaky_relu").initGain(), 1e-15);
  }

  @Test
  void lecunForSelu() {
    assertEquals(InitScheme.LECUN, act("selu").initScheme());
    assertNormalLayer(act("selu"), 1.0 / Math.sqrt(400));
  }

  @Test
  void glorotUniformForSigmoidTanhAndTheOutputLayer() {
    for (String name : new String[] {"sigmoid", "tanh"}) {
      assertEquals(InitScheme.GLOROT, act(name).initScheme(), name);
      Topology t = Topology.classifier(new int[] {300, 400, 200}, act(name));
      double[] w = t.initialWeights(5);
      assertUniform(w, t.weightOffset(0), 300 * 400, Math.sqrt(6.0 / 700), name + " hidden");
      assertUniform(w, t.weightOffset(1), 400 * 200, Math.sqrt(6.0 / 600), name + " output");
    }
    // The output layer of a relu network is Glorot too.
    Topology t = Topology.regressor(new int[] {10, 400, 250}, act("relu"));
    assertUniform(t.initialWeights(6), t.weightOffset(1), 400 * 250, Math.sqrt(6.0 / 650),
        "relu output");
  }

  @Test
  void biasesAreZeroAndPreluSlopesAreAlpha() {
    for (double alpha : new double[] {Double.NaN, 0.1}) {
      Topology t = Topology.classifier(new int[] {4, 8, 6, 3},
          Activations.create("prelu", alpha));
      double expected = Double.isNaN(alpha) ? 0.25 : alpha;
      double[] w = t.initialWeights(9);
      for (int l = 0; l < t.numLayers(); l++) {
        for (int j = 0; j < t.fanOut(l); j++) {
          assertEquals(0.0, w[t.biasOffset(l) + j], 0.0, "bias " + j + " of layer " + l);
        }
        int slopes = t.activation(l).numParams(t.fanOut(l));
        assertEquals(l < 2 ? t.fanOut(l) : 0, slopes);
        for (int j = 0; j < slopes; j++) {
          assertEquals((float) expected, w[t.activationOffset(l) + j], 0.0, "slope " + j);
        }
      }
    }
  }

  /** A 400 x 500 first layer drawn normal with mean 0 and the given std. */
  private static void assertNormalLayer(Activation act, double std) {
    Topology t = Topology.classifier(new int[] {400, 500, 3}, act);
    double[] w = t.initialWeights(17);
    int n = 400 * 500;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      sum += w[i];
      sumSq += w[i] * w[i];
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    String what = act.name() + "(" + act.alpha() + ")";
    // Standard errors: mean std/sqrt(n) = 0.0022 std; std 1/sqrt(2n) = 0.16%.
    assertEquals(0.0, mean, 0.011 * std, what + " mean");
    assertEquals(1.0, sd / std, 0.01, what + " std " + sd + " vs " + std);
    // Normal, not uniform: 68.27% within one std (a uniform would give 57.7%).
    int within = 0;
    for (int i = 0; i < n; i++) {
      within += Math.abs(w[i]) <= std ? 1 : 0;
    }
    assertEquals(0.6827, (double) within / n, 0.005, what + " share within one std");
  }

  private static void assertUniform(double[] w, int off, int n, double limit, String what) {
    double max = 0;
    double sumSq = 0;
    for (int i = off; i < off + n; i++) {
      max = Math.max(max, Math.abs(w[i]));
      sumSq += w[i] * w[i];
    }
    assertTrue(max <= limit, what + ": " + max + " beyond the limit " + limit);
    assertTrue(max >= 0.999 * limit, what + ": largest " + max + " not near the limit " + limit);
    // U(-L, L) has std L / sqrt(3); estimated to about 0.2% here.
    assertEquals(1.0, Math.sqrt(sumSq / n) / (limit / Math.sqrt(3)), 0.01, what + " std");
  }
}
