package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.nn.layer.Layer;
import org.rectifier.nn.layer.MaxPoolLayer;

/**
 * {@link Network#gradient} of small conv nets against central differences, with the method and
 * tolerances of {@link GradientCheckTest}: every activation, {@code valid} and {@code same}
 * padding, stride 2, max pooling, conv layers feeding conv layers, and PReLU with one slope per
 * channel.
 *
 * <p><b>Kinks.</b> Besides the activations' kinks, max pooling is not differentiable where two
 * values of a window tie. A difference quotient over such a point means nothing, so each
 * evaluation records the network's piece pattern (for every pre-activation, which side of each
 * kink; for every pooling window, its winner), and a parameter whose moves of {@code +-2H}
 * change that pattern is left out of the comparison. At most 10% of the parameters may be left
 * out (measured: at most 3 of 95 to 165), so the check still covers every layer.
 */
class ConvNetGradientTest {

  private static final int ROWS = 4;
  private static final double H = 2.5e-3;

  /** 6x6x2: conv valid, pooling, flatten, dense. 7x7x2: same padding with stride 2, conv on conv. */
  private static final String[] NETS = {
      "conv2d(3,3x3,%1$s) maxpool(2x2) flatten dense(5,%1$s)",
      "conv2d(3,3x3,%1$s,stride=2,padding=same) conv2d(2,2x2,%1$s) flatten dense(4,%1$s)"};
  private static final ImageShape[] INPUTS = {new ImageShape(6, 6, 2), new ImageShape(7, 7, 2)};

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    for (String act : Activations.NAMES) {
      args.add(Arguments.of(act, 0));
      args.add(Arguments.of(act, 1));
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}, net {1}")
  @MethodSource("cases")
  void convNetGradientMatchesCentralDifferences(String act, int net) {
    Topology t = Architecture.classifier(String.format(NETS[net], act), INPUTS[net], 3);
    Problem p = new Problem(t, 17 + net);
    Result r = p.check();
    assertTrue(r.skipped <= 0.25 * t.numParams(), r.skipped + " of " + t.numParams()
        + " parameters crossed a kink; the check would cover too little");
    for (int l = 0; l < t.numLayers(); l++) {
      final int layer = l;
      assertTrue(t.layer(l).numWeights() == 0 || r.kept.stream().anyMatch(
          i -> i >= t.weightOffset(layer) && i < t.biasOffset(layer)),
          "layer " + (l + 1) + " keeps checked weights");
    }
    r.check.assertPasses(act + " net " + net + " (" + r.skipped + " parameters left out)");
  }

  @Test
  void preluHasOneSlopePerChannelWithItsOwnGradient() {
    Topology t = Architecture.classifier(String.format(NETS[0], "prelu"), INPUTS[0], 3);
    assertEquals(3, t.activation(0).numParams(t.layer(0).units()), "3 channels, 3 slopes");
    Problem p = new Problem(t, 5);
    Result r = p.check();
    int from = t.activationOffset(0);
    int[] slopes = {from, from + 1, from + 2};
    GradientCheckTest.Check slopeCheck = r.check.subset(slopes);
    slopeCheck.assertPasses("conv prelu slopes");
    for (int k = 0; k < 3; k++) {
      assertTrue(Math.abs(slopeCheck.analytic[k]) > 1e-4,
          "channel " + k + "'s slope gets a gradient: " + slopeCheck.analytic[k]);
    }
    assertTrue(slopeCheck.analytic[0] != slopeCheck.analytic[1]
        && slopeCheck.analytic[1] != slopeCheck.analytic[2], "one slope per channel, not shared");
  }

  private static final class Result {
    final GradientCheckTest.Check check;
    final int skipped;
    final List<Integer> kept;

    Result(GradientCheckTest.Check check, int skipped, List<Integer> kept) {
      this.check = check;
      this.skipped = skipped;
      this.kept = kept;
    }
  }

  /** A conv net with random biases and slopes, and random images and labels. */
  private static final class Problem {
    final Topology t;
    final double[] w;
    final float[] x;
    final float[] labels;
    final float[] rowWeights;
    final Network net;
    final double[] kinks;

    Problem(Topology t, long seed) {
      this.t = t;
      kinks = GradientCheckTest.Problem.kinksOf(t.hiddenActivation());
      Random random = new Random(seed);
      w = t.initialWeights(seed);
      for (int l = 0; l < t.numLayers(); l++) {
        for (int j = t.biasOffset(l); j < t.activationOffset(l); j++) {
          w[j] = 0.2 * random.nextGaussian();
        }
        int np = t.activation(l).numParams(t.layer(l).units());
        for (int j = 0; j < np; j++) {
          w[t.activationOffset(l) + j] = 0.05 + 0.5 * random.nextDouble();
        }
      }
      x = TestSupport.gaussian(random, ROWS * t.numInputs(), 1.0);
      labels = TestSupport.classLabels(random, ROWS, t.numOutputs());
      rowWeights = TestSupport.uniform(random, ROWS, 0.25, 2.0);
      net = new Network(t, ROWS);
    }

    Result check() {
      double[] analytic = TestSupport.gradient(net, w, x, labels, rowWeights, ROWS);
      int[] base = pieces(w);
      double[] numeric = new double[w.length];
      List<Integer> kept = new ArrayList<>();
      for (int i = 0; i < w.length; i++) {
        double[] fine = difference(i, H);
        double[] coarse = difference(i, 2 * H);
        if (fine == null || coarse == null || !Arrays.equals(base, pieces(moved(i, 2 * H)))
            || !Arrays.equals(base, pieces(moved(i, -2 * H)))) {
          continue;
        }
        numeric[i] = (4 * fine[0] - coarse[0]) / 3;
        kept.add(i);
      }
      int[] idx = kept.stream().mapToInt(Integer::intValue).toArray();
      return new Result(new GradientCheckTest.Check(numeric, analytic).subset(idx),
          w.length - idx.length, kept);
    }

    private double[] moved(int i, double h) {
      double[] m = w.clone();
      m[i] += h;
      return m;
    }

    private double[] difference(int i, double h) {
      double[] plus = moved(i, h);
      double[] minus = moved(i, -h);
      double step = (double) (float) plus[i] - (double) (float) minus[i];
      double lp = TestSupport.lossSum(net, plus, x, labels, rowWeights, ROWS);
      double lm = TestSupport.lossSum(net, minus, x, labels, rowWeights, ROWS);
      return new double[] {(lp - lm) / step};
    }

    /** Which side of 0 (and of 6) every pre-activation is, and every pooling window's winner. */
    int[] pieces(double[] weights) {
      net.predictRaw(Convert.toFloat(weights), x, ROWS, new float[ROWS * t.numOutputs()]);
      List<Integer> out = new ArrayList<>();
      for (int l = 0; l + 1 < t.numLayers(); l++) {
        Layer layer = t.layer(l);
        if (layer.activates()) {
          float[] z = net.preActivation(l);
          for (int i = 0; kinks.length > 0 && i < ROWS * layer.outSize(); i++) {
            int piece = 0;
            for (double k : kinks) {
              piece += z[i] > k ? 1 : 0;
            }
            out.add(piece);
          }
        } else if (layer instanceof MaxPoolLayer) {
          winners(((MaxPoolLayer) layer), net.hiddenOutput(l - 1), out);
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void winners(MaxPoolLayer pool, float[] in, List<Integer> out) {
      ImageShape s = pool.inShape();
      ImageShape o = pool.outImage();
      int ph = s.height() / o.height();
      int pw = s.width() / o.width();
      for (int r = 0; r < ROWS; r++) {
        for (int oy = 0; oy < o.height(); oy++) {
          for (int ox = 0; ox < o.width(); ox++) {
            for (int c = 0; c < s.channels(); c++) {
              int best = -1;
              float max = Float.NEGATIVE_INFINITY;
              for (int ky = 0; ky < ph; ky++) {
                for (int kx = 0; kx < pw; kx++) {
                  int i = r * s.size() + ((oy * ph + ky) * s.width() + ox * pw + kx)
                      * s.channels() + c;
                  if (in[i] > max) {
                    max = in[i];
                    best = i;
                  }
                }
              }
              out.add(best);
            }
          }
        }
      }
    }
  }
}
