package org.rectifier.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rectifier.nn.TestSupport.assertFloatNear;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rectifier.nn.TestSupport;

/**
 * Proves every hidden activation's value and derivative at hand-computed reference points: a
 * negative value, 0 (the kink conventions), a positive value, magnitude 1e4 both ways (no
 * overflow, correct saturation) and NaN (NaN out of both passes). Derivatives are what
 * {@code backward} makes of {@code delta = 1}.
 *
 * <p>Conventions pinned here: relu'(0) = 0; leaky_relu'(0) = alpha (default 0.01); prelu starts
 * at slope 0.25 and prelu'(0) = slope; elu's default alpha is 1 and elu'(0) = alpha; selu uses
 * lambda 1.0507009873554805 and alpha 1.6732632423543772; gelu is the exact erf form;
 * relu6'(0) = relu6'(6) = 0.
 *
 * <p>Values must be within {@value #VALUE_ULPS} float32 ulps of the float64 reference (they are
 * one float64 expression rounded once, apart from selu's float32 constants). Derivatives get
 * {@value #DERIVATIVE_ULPS} ulps: several are computed from the float32 output {@code a} (sigmoid's
 * {@code a (1 - a)}, elu's {@code a + alpha}), which carries a's rounding into a smaller number.
 * Either bound is far below any formula error (a wrong constant or a missing factor is thousands
 * of ulps off).
 */
class ActivationReferenceTest {

  static final int VALUE_ULPS = 2;
  static final int DERIVATIVE_ULPS = 8;

  /** A reference point: input, value, derivative. */
  record Point(float z, double value, double derivative) {}

  static Point p(double z, double value, double derivative) {
    return new Point((float) z, value, derivative);
  }

  /** Checks the points, plus NaN in giving NaN out of both passes. */
  static void assertPoints(Activation act, Point... points) {
    float[] z = new float[points.length + 1];
    for (int i = 0; i < points.length; i++) {
      z[i] = points[i].z();
    }
    z[points.length] = Float.NaN;
    float[] values = TestSupport.values(act, z);
    float[] derivatives = TestSupport.derivatives(act, z);
    for (int i = 0; i < points.length; i++) {
      Point pt = points[i];
      assertFloatNear(pt.value(), values[i], VALUE_ULPS, act.name() + "(" + pt.z() + ")");
      assertFloatNear(pt.derivative(), derivatives[i], DERIVATIVE_ULPS,
          act.name() + "'(" + pt.z() + ")");
    }
    assertTrue(Float.isNaN(values[points.length]), act.name() + "(NaN) must be NaN");
    assertTrue(Float.isNaN(derivatives[points.length]), act.name() + "'(NaN) must be NaN");
  }

  static Activation create(String name) {
    return Activations.create(name, Double.NaN);
  }

  @Test
  void relu() {
    assertPoints(create("relu"),
        p(-1e4, 0, 0), p(-1.5, 0, 0), p(0, 0, 0), p(2.5, 2.5, 1), p(1e4, 1e4, 1));
  }

  @Test
  void leakyReluDefaultAlphaIsOneHundredth() {
    assertPoints(create("leaky_relu"),
        p(-1e4, -100, 0.01), p(-1.5, -0.015, 0.01), p(0, 0, 0.01), p(2.5, 2.5, 1),
        p(1e4, 1e4, 1));
    assertPoints(Activations.create("leaky_relu", 0.2),
        p(-2, -0.4, 0.2), p(0, 0, 0.2), p(3, 3, 1));
  }

  @Test
  void preluStartsAtAQuarterAndUsesItsSlopeAtZero() {
    assertPoints(create("prelu"),
        p(-1e4, -2500, 0.25), p(-2, -0.5, 0.25), p(0, 0, 0.25), p(2.5, 2.5, 1),
        p(1e4, 1e4, 1));
    assertPoints(Activations.create("prelu", 0.1), p(-2, -0.2, 0.1), p(0, 0, 0.1), p(1, 1, 1));
  }

  @Test
  void preluReadsOneSlopePerUnitAndGradesEachSlope() {
    // A 2 x 3 block: the slope belongs to the column (unit), shared by every row.
    Activation prelu = create("prelu");
    float[] z = {-2f, 0f, 1.5f, -1f, -4f, -0.5f};
    float[] params = {9f, 0.1f, 0.2f, 0.3f}; // slopes at offset 1
    float[] a = new float[6];
    prelu.forward(z, a, 2, 3, params, 1);
    assertArrayEquals(new float[] {-0.2f, 0f, 1.5f, -0.1f, -0.8f, -0.15f}, a, 1e-7f);
    float[] delta = {1f, 1f, 1f, 2f, 3f, 4f};
    float[] grad = {0f, 0.5f, 0.5f, 0.5f}; // backward adds to what is there
    prelu.backward(z, a, delta, 2, 3, params, grad, 1);
    // dL/dz = delta * (slope or 1); dL/dslope = sum over rows of delta * z where z <= 0.
    assertArrayEquals(new float[] {0.1f, 0.2f, 1f, 0.2f, 0.6f, 1.2f}, delta, 1e-7f);
    assertArrayEquals(new float[] {0f, 0.5f + (-2f - 2f), 0.5f + (0f - 12f), 0.5f + (-2f)},
        grad, 1e-6f);
  }

  @Test
  void preluSlopeGradientAtReferencePoints() {
    Activation prelu = create("prelu");
    float[] z = {-2f, 0f, 3f, Float.NaN};
    float[] grad = new float[5];
    TestSupport.derivatives(prelu, z, TestSupport.initialParams(prelu, 4), grad);
    // d prelu(z) / d slope = z for z <= 0, else 0; NaN stays NaN.
    assertEquals(-2f, grad[0]);
    assertEquals(0f, grad[1], 0f);
    assertEquals(0f, grad[2], 0f);
    assertTrue(Float.isNaN(grad[3]));
  }

  @Test
  void eluDefaultAlphaIsOne() {
    assertPoints(create("elu"),
        p(-1e4, -1, 0), p(-1, -0.6321205588285577, 0.36787944117144233), p(0, 0, 1),
        p(2, 2, 1), p(1e4, 1e4, 1));
    // alpha 0.5: 0.5 (e^z - 1), derivative 0.5 e^z, and alpha itself at 0.
    assertPoints(Activations.create("elu", 0.5),
        p(-1, -0.31606027941427883, 0.18393972058572117), p(0, 0, 0.5), p(1e4, 1e4, 1));
  }

  @Test
  void seluUsesThePaperConstants() {
    assertEquals(1.0507009873554805, Selu.LAMBDA, 0.0);
    assertEquals(1.6732632423543772, Selu.ALPHA, 0.0);
    double la = 1.7580993408473766; // lambda * alpha
    assertPoints(create("selu"),
        p(-1e4, -la, 0),
        p(-1, -1.1113307378125628, 0.646768603034814), // la (e^-1 - 1), la e^-1
        p(0, 0, la),
        p(2, 2.101401974710961, 1.0507009873554805),
        p(1e4, 10507.009873554805, 1.0507009873554805));
  }

  @Test
  void geluIsTheExactErfForm() {
    // x Phi(x) and Phi(x) + x phi(x), from erfc to 30 digits.
    assertPoints(create("gelu"),
        p(-1e4, 0, 0),
        p(-3, -0.0040496940948902835, -0.011945647204183927),
        p(-1, -0.15865525393145707, -0.0833154705876863),
        p(0, 0, 0.5),
        p(0.5, 0.34573123063700656, 0.8674951246561629),
        p(1, 0.8413447460685429, 1.0833154705876864),
        p(1e4, 1e4, 1));
  }

  @Test
  void relu6IsFlatAtBothKinks() {
    assertPoints(create("relu6"),
        p(-1e4, 0, 0), p(-1, 0, 0), p(0, 0, 0), p(3, 3, 1), p(5.5, 5.5, 1), p(6, 6, 0),
        p(7, 6, 0), p(1e4, 6, 0));
  }

  @Test
  void sigmoid() {
    assertPoints(create("sigmoid"),
        p(-1e4, 0, 0), p(-2, 0.11920292202211756, 0.10499358540350652), p(0, 0.5, 0.25),
        p(2, 0.8807970779778824, 0.10499358540350652), p(1e4, 1, 0));
  }

  @Test
  void tanh() {
    assertPoints(create("tanh"),
        p(-1e4, -1, 0), p(-0.5, -0.46211715726000974, 0.7864477329659274), p(0, 0, 1),
        p(1, 0.7615941559557649, 0.4199743416140261), p(1e4, 1, 0));
  }

  static java.util.stream.Stream<String> names() {
    return Activations.NAMES.stream();
  }

  @ParameterizedTest
  @MethodSource("names")
  void blocksInPlaceAndOutOfPlaceAgreeWithSingleValues(String name) {
    // forward may write into z itself; both passes must cover every row of a block.
    Activation act = Activations.create(name, Double.NaN);
    int rows = 3;
    int units = 4;
    float[] z = TestSupport.gaussian(new Random(5), rows * units, 3.0);
    float[] params = new float[units];
    act.initParams(params, 0, units);
    float[] a = new float[z.length];
    act.forward(z, a, rows, units, params, 0);
    float[] inPlace = z.clone();
    act.forward(inPlace, inPlace, rows, units, params, 0);
    assertArrayEquals(a, inPlace, 0f);
    float[] delta = new float[z.length];
    java.util.Arrays.fill(delta, 2f);
    act.backward(z, a, delta, rows, units, params, new float[units], 0);
    for (int i = 0; i < z.length; i++) {
      float[] one = {z[i]};
      float[] oneParams = {params[i % units]};
      assertEquals(TestSupport.values(act, one, oneParams)[0], a[i], 0f, name + " value " + i);
      float d = TestSupport.derivatives(act, one, oneParams, new float[1])[0];
      assertEquals(2f * d, delta[i], 0f, name + " derivative " + i);
    }
  }

  @Test
  void namesAndDefaults() {
    for (String name : Activations.NAMES) {
      assertEquals(name, create(name).name());
      assertTrue(Activations.isValid(name));
    }
    assertEquals(0.01f, create("leaky_relu").alpha(), 0.0);
    assertEquals(0.25, create("prelu").alpha(), 0.0);
    assertEquals(1.0, create("elu").alpha(), 0.0);
    assertEquals(0.5, Activations.create("elu", 0.5).alpha(), 0.0);
    assertTrue(Double.isNaN(create("relu").alpha()));
  }

  @Test
  void unknownNameErrorListsTheValidNames() {
    for (String bad : new String[] {"swish", "ReLU", "", null}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Activations.create(bad, Double.NaN));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      for (String name : Activations.NAMES) {
        assertTrue(e.getMessage().contains(name), e.getMessage() + " should list " + name);
      }
      assertTrue(!Activations.isValid(bad));
    }
  }

  @Test
  void infiniteAlphaIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Activations.create("leaky_relu", Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class,
        () -> Activations.create("elu", Double.NEGATIVE_INFINITY));
  }
}
