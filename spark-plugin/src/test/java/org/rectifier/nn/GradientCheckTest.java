package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.activation.Elu;
import org.rectifier.nn.activation.InitScheme;
import org.rectifier.nn.activation.LeakyRelu;
import org.rectifier.nn.activation.PRelu;

/**
 * Proves that {@link Network#gradient} is the derivative of the weighted loss sum it returns:
 * the whole backward pass (output layer, every hidden layer, biases, PReLU slopes, row weights)
 * against finite differences, for every hidden activation and both losses (softmax
 * cross-entropy classifier, MSE regressor), on networks with two and three hidden layers.
 *
 * <p><b>How.</b> Each parameter of the float64 master copy is moved by {@code +-h}; both copies
 * are rounded to float32 as training does, and each difference quotient divides by the step the
 * float32 parameters actually took, so the rounding of {@code w +- h} is no error source. The loss
 * is the engine's own (float32 forward, summed in float64) over 16 rows with random row weights
 * in [0.25, 2]. Biases are random (not the initial 0) and PReLU slopes differ per unit, so a
 * gradient written to the wrong bias or slope cannot pass. The central differences at
 * {@code h = H} and {@code 2H} are combined by Richardson extrapolation, {@code (4 D(H) - D(2H)) /
 * 3}, which cancels the O(h^2) truncation term: with plain central differences at H = 1e-2 the
 * curvature of the MSE and of gelu/selu/elu made some entries 1% off (measured), which would have
 * forced a tolerance too loose to catch a 5% derivative error.
 *
 * <p><b>Kinks.</b> A difference quotient across a kink means nothing, so for relu, leaky_relu,
 * prelu, elu, selu and relu6 the rows are drawn so that every hidden pre-activation is at least
 * {@value #KINK_MARGIN} from every kink (0, and also 6 for relu6, whose inputs are wider so that
 * some units saturate), and every perturbed evaluation is verified not to move a pre-activation
 * across one (a crossing throws instead of being skipped). Every hidden layer must also have
 * pre-activations on both sides of 0 (and some above 6 for relu6), so no branch goes unchecked.
 * gelu, sigmoid and tanh are smooth.
 *
 * <p><b>Tolerance, and why.</b> The float32 forward pass puts rounding noise of about
 * {@code eps32 * |z| * |dL/dz|} into the loss, which the difference quotients divide by h; it grows
 * with the scale of the problem, so the absolute part of the per-entry tolerance is relative to
 * the largest gradient entry. The check passes when
 *
 * <ul>
 *   <li>the norm-based relative error {@code ||num - ana|| / max(||num||, ||ana||)} is at most
 *       {@value #MAX_REL_ERROR}, and
 *   <li>every entry has {@code |num - ana| <= }{@value #ATOL}{@code  * max|num| + }{@value #RTOL}
 *       {@code  * |num|}.
 * </ul>
 *
 * <p>Measured on every problem here: relative error at most 1.6e-5 (30x below its limit) and no
 * entry above 0.08 of its tolerance. The mutants of {@link
 * #mutantsFailTheCheckThatTheRealActivationsPass} (an ELU whose derivative is 5% too large, a
 * leaky_relu whose backward slope is 0.02 instead of 0.01 or 0.21 instead of 0.2, a PReLU whose
 * slope gradient is 5% too large) reach relative errors of 3.2e-3 to 6.4e-2 (the ELU mutant 5.3e-2
 * and 6.4e-2, against 8.5e-6 and 5.0e-6 for the real ELU on the same problems) and entries 18 to 93
 * times their tolerance, so the check fails them by a wide margin; that test prints the figures.
 */
class GradientCheckTest {

  /** Step of the finer central difference on the float64 master weights (the coarser is 2H). */
  static final double H = 1e-2;
  /** Limit of the norm-based relative error. */
  static final double MAX_REL_ERROR = 5e-4;
  /** Per-entry absolute tolerance, as a fraction of the largest gradient entry. */
  static final double ATOL = 1e-4;
  /** Per-entry relative tolerance. */
  static final double RTOL = 1e-3;
  /** Least distance of any hidden pre-activation from a kink. */
  static final double KINK_MARGIN = 0.2;

  private static final int ROWS = 16;

  static Stream<Arguments> activationsAndLosses() {
    List<Arguments> args = new ArrayList<>();
    for (String name : Activations.NAMES) {
      args.add(Arguments.of(name, true));
      args.add(Arguments.of(name, false));
    }
    return args.stream();
  }

  static Stream<String> activationNames() {
    return Activations.NAMES.stream();
  }

  @ParameterizedTest(name = "{0}, classifier={1}, 3-5-4-k")
  @MethodSource("activationsAndLosses")
  void twoHiddenLayerGradientMatchesCentralDifferences(String name, boolean classifier) {
    int[] layers = classifier ? new int[] {3, 5, 4, 3} : new int[] {3, 5, 4, 2};
    Problem p = Problem.create(Activations.create(name, Double.NaN), classifier, layers, 11);
    check(p).assertPasses(name + (classifier ? " classifier" : " regressor"));
  }

  @ParameterizedTest(name = "{0}, 4-6-5-4-3 classifier and 4-6-5-4-2 regressor")
  @MethodSource("activationNames")
  void threeHiddenLayerGradientMatchesCentralDifferences(String name) {
    Activation act = Activations.create(name, Double.NaN);
    check(Problem.create(act, true, new int[] {4, 6, 5, 4, 3}, 23))
        .assertPasses(name + " deep classifier");
    check(Problem.create(act, false, new int[] {4, 6, 5, 4, 2}, 29))
        .assertPasses(name + " deep regressor");
  }

  @Test
  void nonDefaultAlphasAreDifferentiatedToo() {
    // elu with alpha != 1 has a real kink at 0; leaky_relu with a large slope weighs the
    // negative side heavily; prelu starting at 0.6 changes every negative-side term.
    for (String name : List.of("elu", "leaky_relu", "prelu")) {
      Activation act = Activations.create(name, 0.6);
      check(Problem.create(act, true, new int[] {3, 5, 4, 3}, 31))
          .assertPasses(name + "(0.6) classifier");
    }
  }

  @Test
  void preluSlopesGetTheirOwnNonzeroCorrectGradients() {
    for (boolean classifier : new boolean[] {true, false}) {
      int[] layers = classifier ? new int[] {3, 5, 4, 3} : new int[] {3, 5, 4, 2};
      Problem p = Problem.create(Activations.create("prelu", Double.NaN), classifier, layers, 37);
      // Every unit has rows on its negative side, so every slope's gradient is a nonzero sum.
      p.requireEveryPieceUsed(true);
      Topology t = p.topology;
      int[] slopes = IntStream.range(0, t.numLayers() - 1)
          .flatMap(l -> IntStream.range(t.activationOffset(l), t.activationOffset(l) + t.fanOut(l)))
          .toArray();
      assertEquals(5 + 4, slopes.length, "one slope per hidden unit");
      Check all = check(p);
      Check slopeOnly = all.subset(slopes);
      String what = "prelu slopes, classifier=" + classifier;
      slopeOnly.assertPasses(what);
      for (int k = 0; k < slopes.length; k++) {
        // A slope gradient that was never written (or written to another slope) would be 0.
        assertTrue(Math.abs(slopeOnly.numeric[k]) > 1e-3,
            what + ": numeric gradient of slope " + k + " is " + slopeOnly.numeric[k]);
        assertTrue(Math.abs(slopeOnly.analytic[k]) > 1e-3,
            what + ": analytic gradient of slope " + k + " is " + slopeOnly.analytic[k]);
      }
    }
  }

  @Test
  void rowWeightsScaleEachRowsContribution() {
    // Cheap, exact consequences of "gradient of the weighted loss SUM": weights of 1 equal no
    // weights, and doubling every weight doubles the loss and the gradient (exactly, in float32,
    // since it only scales the output delta by a power of two).
    Problem p = Problem.create(Activations.create("tanh", Double.NaN), true,
        new int[] {3, 5, 4, 3}, 41);
    Network net = new Network(p.topology, ROWS);
    float[] ones = new float[ROWS];
    Arrays.fill(ones, 1f);
    float[] twice = p.rowWeights.clone();
    for (int r = 0; r < ROWS; r++) {
      twice[r] *= 2f;
    }
    double[] gNull = TestSupport.gradient(net, p.weights, p.x, p.labels, null, ROWS);
    double[] gOnes = TestSupport.gradient(net, p.weights, p.x, p.labels, ones, ROWS);
    assertArrayEquals(gNull, gOnes, 0.0);
    double[] g = TestSupport.gradient(net, p.weights, p.x, p.labels, p.rowWeights, ROWS);
    double[] g2 = TestSupport.gradient(net, p.weights, p.x, p.labels, twice, ROWS);
    for (int i = 0; i < g.length; i++) {
      assertEquals(2 * g[i], g2[i], 0.0, "parameter " + i);
    }
    assertEquals(2 * TestSupport.lossSum(net, p.weights, p.x, p.labels, p.rowWeights, ROWS),
        TestSupport.lossSum(net, p.weights, p.x, p.labels, twice, ROWS), 0.0);
  }

  /**
   * The tolerance must separate a right derivative from a slightly wrong one on the same
   * problem: each mutant is identical to a real activation in its forward pass and
   * initialization (so both get the same weights and rows), and wrong in its backward pass by a
   * small amount.
   */
  @Test
  void mutantsFailTheCheckThatTheRealActivationsPass() {
    int[] layers = {3, 5, 4, 3};
    List<String> report = new ArrayList<>();
    Activation[][] pairs = {
        {new Elu(1.0), new ScaledDerivative(new Elu(1.0), 1.05f)},
        {new LeakyRelu(0.01), new WrongBackwardSlopeLeakyRelu(0.01f, 0.02f)},
        {new LeakyRelu(0.2), new WrongBackwardSlopeLeakyRelu(0.2f, 0.21f)},
        {new PRelu(0.25), new ScaledSlopeGradientPRelu(1.05f)},
    };
    for (Activation[] pair : pairs) {
      for (boolean classifier : new boolean[] {true, false}) {
        int[] ls = classifier ? layers : new int[] {3, 5, 4, 2};
        Check real = check(Problem.create(pair[0], classifier, ls, 43));
        Check mutant = check(Problem.create(pair[1], classifier, ls, 43));
        String what = pair[1] + (classifier ? " classifier" : " regressor");
        report.add(String.format(Locale.ROOT,
            "%-52s real: relErr %.2e worst entry %.2f of tol | mutant: relErr %.2e worst entry"
                + " %.1f of tol", what, real.relativeError(), real.worstEntryRatio(),
            mutant.relativeError(), mutant.worstEntryRatio()));
        real.assertPasses("real " + pair[0].name());
        assertFalse(mutant.passes(), "the check must reject " + what + ": " + mutant);
      }
    }
    System.out.println("Gradient check, real vs mutant activation:\n  "
        + String.join("\n  ", report));
  }

  // ---------------------------------------------------------------------------------------------
  // The check.

  /** Numeric and analytic gradients of one problem, and how far apart they are. */
  static final class Check {
    final double[] numeric;
    final double[] analytic;

    Check(double[] numeric, double[] analytic) {
      this.numeric = numeric;
      this.analytic = analytic;
    }

    /** {@code ||num - ana|| / max(||num||, ||ana||)}. */
    double relativeError() {
      double diff = 0;
      double nn = 0;
      double na = 0;
      for (int i = 0; i < numeric.length; i++) {
        diff += sq(numeric[i] - analytic[i]);
        nn += sq(numeric[i]);
        na += sq(analytic[i]);
      }
      return Math.sqrt(diff) / Math.max(Math.sqrt(Math.max(nn, na)), 1e-300);
    }

    /** Largest {@code |num - ana| / (ATOL max|num| + RTOL |num|)}: at most 1 passes. */
    double worstEntryRatio() {
      double worst = 0;
      for (int i = 0; i < numeric.length; i++) {
        worst = Math.max(worst, ratio(i));
      }
      return worst;
    }

    int worstEntry() {
      int worst = 0;
      for (int i = 1; i < numeric.length; i++) {
        if (ratio(i) > ratio(worst)) {
          worst = i;
        }
      }
      return worst;
    }

    boolean passes() {
      return relativeError() <= MAX_REL_ERROR && worstEntryRatio() <= 1.0;
    }

    void assertPasses(String what) {
      assertTrue(passes(), what + ": " + this);
    }

    Check subset(int[] indices) {
      double[] n = new double[indices.length];
      double[] a = new double[indices.length];
      for (int k = 0; k < indices.length; k++) {
        n[k] = numeric[indices[k]];
        a[k] = analytic[indices[k]];
      }
      return new Check(n, a);
    }

    private double ratio(int i) {
      double scale = 0;
      for (double v : numeric) {
        scale = Math.max(scale, Math.abs(v));
      }
      return Math.abs(numeric[i] - analytic[i])
          / (ATOL * scale + RTOL * Math.abs(numeric[i]) + 1e-300);
    }

    @Override
    public String toString() {
      int w = worstEntry();
      return String.format(Locale.ROOT,
          "relative error %.3e (limit %.1e); worst entry %d: numeric %.6g analytic %.6g,"
              + " %.2f x its tolerance", relativeError(), MAX_REL_ERROR, w, numeric[w],
          analytic[w], ratio(w));
    }

    private static double sq(double v) {
      return v * v;
    }
  }

  /**
   * Richardson-extrapolated central differences of the loss sum, against the network's gradient.
   */
  static Check check(Problem p) {
    Network net = new Network(p.topology, ROWS);
    double[] analytic = TestSupport.gradient(net, p.weights, p.x, p.labels, p.rowWeights, ROWS);
    int[] basePieces = p.pieces(p.weights);
    double[] numeric = new double[p.weights.length];
    for (int i = 0; i < numeric.length; i++) {
      double coarse = centralDifference(net, p, basePieces, i, 2 * H);
      double fine = centralDifference(net, p, basePieces, i, H);
      // D(h) = f' + c h^2 + O(h^4), so (4 D(h) - D(2h)) / 3 = f' + O(h^4).
      numeric[i] = (4 * fine - coarse) / 3;
    }
    return new Check(numeric, analytic);
  }

  /** {@code (L(w + h e_i) - L(w - h e_i)) / step}, over the step float32 actually took. */
  private static double centralDifference(Network net, Problem p, int[] basePieces, int i,
      double h) {
    double[] plus = p.weights.clone();
    double[] minus = p.weights.clone();
    plus[i] += h;
    minus[i] -= h;
    double step = (double) (float) plus[i] - (double) (float) minus[i];
    if (!Arrays.equals(basePieces, p.pieces(plus))
        || !Arrays.equals(basePieces, p.pieces(minus))) {
      throw new IllegalStateException("moving parameter " + i + " by " + h
          + " moves a pre-activation across a kink; the test data needs a larger margin");
    }
    double lp = TestSupport.lossSum(net, plus, p.x, p.labels, p.rowWeights, ROWS);
    double lm = TestSupport.lossSum(net, minus, p.x, p.labels, p.rowWeights, ROWS);
    return (lp - lm) / step;
  }

  /** A network, weights and data for one check. */
  static final class Problem {
    final Topology topology;
    final double[] weights;
    final float[] x;
    final float[] labels;
    final float[] rowWeights;
    final double[] kinks;

    private Problem(Topology topology, double[] weights, float[] x, float[] labels,
        float[] rowWeights, double[] kinks) {
      this.topology = topology;
      this.weights = weights;
      this.x = x;
      this.labels = labels;
      this.rowWeights = rowWeights;
      this.kinks = kinks;
    }

    static Problem create(Activation act, boolean classifier, int[] layers, long seed) {
      Topology t = classifier ? Topology.classifier(layers, act) : Topology.regressor(layers, act);
      Random random = new Random(seed);
      double[] w = t.initialWeights(seed);
      for (int l = 0; l < t.numLayers(); l++) {
        for (int j = 0; j < t.fanOut(l); j++) {
          w[t.biasOffset(l) + j] = 0.2 * random.nextGaussian();
        }
        int np = t.activation(l).numParams(t.fanOut(l));
        for (int j = 0; j < np; j++) {
          // Distinct slopes per unit, so a slope read or written at the wrong unit shows.
          w[t.activationOffset(l) + j] = 0.05 + 0.5 * random.nextDouble();
        }
      }
      double[] kinks = kinksOf(act);
      // relu6's upper kink is only reached with wider inputs.
      double inputStd = kinks.length > 1 ? 4.0 : 1.0;
      int in = t.numInputs();
      float[] x = new float[ROWS * in];
      Problem probe = new Problem(t, w, new float[in], null, null, kinks);
      for (int r = 0, tries = 0; r < ROWS; tries++) {
        if (tries > 10_000) {
          throw new IllegalStateException("cannot draw rows away from the kinks");
        }
        float[] row = TestSupport.gaussian(random, in, inputStd);
        if (probe.kinkDistance(row) >= KINK_MARGIN) {
          System.arraycopy(row, 0, x, r * in, in);
          r++;
        }
      }
      float[] labels = classifier
          ? TestSupport.classLabels(random, ROWS, t.numOutputs())
          : TestSupport.gaussian(random, ROWS * t.numOutputs(), 1.0);
      float[] rowWeights = TestSupport.uniform(random, ROWS, 0.25, 2.0);
      Problem p = new Problem(t, w, x, labels, rowWeights, kinks);
      p.requireEveryPieceUsed(false);
      return p;
    }

    /** Where the activation's derivative jumps (by the name it shares with the real one). */
    static double[] kinksOf(Activation act) {
      switch (act.name()) {
        case "relu6":
          return new double[] {0.0, 6.0};
        case "relu":
        case "leaky_relu":
        case "prelu":
        case "elu":
        case "selu":
          return new double[] {0.0};
        default:
          return new double[0];
      }
    }

    /**
     * Pre-activations of every hidden layer for one row, in float64 from the float32 parameters
     * (an independent dense layer over the documented layout; the activation is the engine's).
     */
    double[][] hiddenPreActivations(double[] w, float[] row) {
      Topology t = topology;
      float[] params = Convert.toFloat(w);
      double[][] zs = new double[t.numLayers() - 1][];
      float[] input = row;
      for (int l = 0; l < t.numLayers() - 1; l++) {
        int in = t.fanIn(l);
        int out = t.fanOut(l);
        double[] z = new double[out];
        float[] zf = new float[out];
        for (int j = 0; j < out; j++) {
          double s = params[t.biasOffset(l) + j];
          for (int i = 0; i < in; i++) {
            s += (double) input[i] * params[t.weightOffset(l) + i * out + j];
          }
          z[j] = s;
          zf[j] = (float) s;
        }
        zs[l] = z;
        float[] a = new float[out];
        t.activation(l).forward(zf, a, 1, out, params, t.activationOffset(l));
        input = a;
      }
      return zs;
    }

    double kinkDistance(float[] row) {
      double d = Double.POSITIVE_INFINITY;
      for (double[] z : hiddenPreActivations(weights, row)) {
        for (double v : z) {
          for (double k : kinks) {
            d = Math.min(d, Math.abs(v - k));
          }
        }
      }
      return d;
    }

    /** For every row and hidden unit, how many kinks lie below its pre-activation. */
    int[] pieces(double[] w) {
      int in = topology.numInputs();
      List<Integer> out = new ArrayList<>();
      for (int r = 0; r < ROWS; r++) {
        float[] row = Arrays.copyOfRange(x, r * in, (r + 1) * in);
        for (double[] z : hiddenPreActivations(w, row)) {
          for (double v : z) {
            int piece = 0;
            for (double k : kinks) {
              piece += v > k ? 1 : 0;
            }
            out.add(piece);
          }
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Every hidden layer has pre-activations on every side of every kink (and with
     * {@code everyUnit}, every unit has some on both sides of 0), so no branch goes unchecked.
     */
    void requireEveryPieceUsed(boolean everyUnit) {
      if (kinks.length == 0) {
        return;
      }
      int[] pieces = pieces(weights);
      int units = pieces.length / ROWS;
      boolean[] seen = new boolean[kinks.length + 1];
      int unit = 0;
      for (int l = 0; l < topology.numLayers() - 1; l++) {
        boolean[] layerSeen = new boolean[kinks.length + 1];
        for (int u = unit; u < unit + topology.fanOut(l); u++) {
          boolean[] unitSeen = new boolean[kinks.length + 1];
          for (int r = 0; r < ROWS; r++) {
            unitSeen[pieces[r * units + u]] = true;
          }
          if (everyUnit && !(unitSeen[0] && unitSeen[1])) {
            throw new IllegalStateException("hidden unit " + u + " of " + topology
                + " never sees one side of 0");
          }
          for (int k = 0; k <= kinks.length; k++) {
            layerSeen[k] |= unitSeen[k];
          }
        }
        // relu6's top piece need only show up somewhere; both sides of 0 in every layer.
        if (!layerSeen[0] || !layerSeen[1]) {
          throw new IllegalStateException("hidden layer " + l + " of " + topology
              + " never sees one side of 0");
        }
        for (int k = 0; k <= kinks.length; k++) {
          seen[k] |= layerSeen[k];
        }
        unit += topology.fanOut(l);
      }
      if (!seen[kinks.length]) {
        throw new IllegalStateException("no pre-activation above the top kink of " + topology);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Mutants: right forward pass, slightly wrong backward pass.

  /** A real activation in everything but its backward pass, which each mutant redefines. */
  abstract static class Mutant implements Activation {
    final Activation real;

    Mutant(Activation real) {
      this.real = real;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public double alpha() {
      return real.alpha();
    }

    @Override
    public InitScheme initScheme() {
      return real.initScheme();
    }

    @Override
    public double initGain() {
      return real.initGain();
    }

    @Override
    public int numParams(int units) {
      return real.numParams(units);
    }

    @Override
    public void initParams(float[] params, int pOff, int units) {
      real.initParams(params, pOff, units);
    }

    @Override
    public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
      real.forward(z, a, rows, units, params, pOff);
    }
  }

  /** A real activation whose derivative is scaled by a constant factor. */
  static final class ScaledDerivative extends Mutant {
    private final float factor;

    ScaledDerivative(Activation real, float factor) {
      super(real);
      this.factor = factor;
    }

    @Override
    public void backward(float[] z, float[] a, float[] delta, int rows, int units,
        float[] params, float[] grad, int pOff) {
      real.backward(z, a, delta, rows, units, params, grad, pOff);
      for (int i = 0; i < rows * units; i++) {
        delta[i] *= factor;
      }
    }

    @Override
    public String toString() {
      return real.name() + " with derivative x" + factor;
    }
  }

  /** leaky_relu whose backward pass uses a different negative slope than its forward pass. */
  static final class WrongBackwardSlopeLeakyRelu extends Mutant {
    private final float alpha;
    private final float backwardAlpha;
    private final LeakyRelu backwardAs;

    WrongBackwardSlopeLeakyRelu(float alpha, float backwardAlpha) {
      super(new LeakyRelu(alpha));
      this.alpha = alpha;
      this.backwardAlpha = backwardAlpha;
      this.backwardAs = new LeakyRelu(backwardAlpha);
    }

    @Override
    public void backward(float[] z, float[] a, float[] delta, int rows, int units,
        float[] params, float[] grad, int pOff) {
      backwardAs.backward(z, a, delta, rows, units, params, grad, pOff);
    }

    @Override
    public String toString() {
      return "leaky_relu(" + alpha + ") with backward slope " + backwardAlpha;
    }
  }

  /** prelu whose slope gradient is scaled by a constant factor (its input gradient is right). */
  static final class ScaledSlopeGradientPRelu extends Mutant {
    private final float factor;

    ScaledSlopeGradientPRelu(float factor) {
      super(new PRelu(PRelu.DEFAULT_ALPHA));
      this.factor = factor;
    }

    @Override
    public void backward(float[] z, float[] a, float[] delta, int rows, int units,
        float[] params, float[] grad, int pOff) {
      float[] before = Arrays.copyOfRange(grad, pOff, pOff + units);
      real.backward(z, a, delta, rows, units, params, grad, pOff);
      for (int c = 0; c < units; c++) {
        grad[pOff + c] = before[c] + factor * (grad[pOff + c] - before[c]);
      }
    }

    @Override
    public String toString() {
      return "prelu with slope gradient x" + factor;
    }
  }
}
