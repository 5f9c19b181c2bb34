package org.rectifier.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Proves {@link Erf} against known values (50-digit references, rounded to double) on both sides
 * of its series/continued-fraction split at |x| = 2, its symmetries and limits, and that erfc
 * keeps its relative accuracy far into the tail, where {@code 1 - erf} would be 0.
 *
 * <p>Bounds: erf within {@value #ERF_REL} relative, erfc within {@value #ERFC_REL} relative (the
 * accuracy the class documents).
 */
class ErfTest {

  static final double ERF_REL = 4e-15;
  static final double ERFC_REL = 2e-13;

  private static void assertRel(double expected, double actual, double rel, String what) {
    assertTrue(Math.abs(actual - expected) <= rel * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void erfKnownValues() {
    double[][] known = {
        {0.1, 0.1124629160182849},
        {0.5, 0.5204998778130465},
        {1.0, 0.8427007929497149},
        {1.5, 0.9661051464753108},
        {1.9, 0.9927904292352575},
        {2.0, 0.9953222650189527},
        {2.5, 0.999593047982555},
        {3.0, 0.9999779095030014},
        {4.0, 0.9999999845827421},
    };
    for (double[] k : known) {
      assertRel(k[1], Erf.erf(k[0]), ERF_REL, "erf(" + k[0] + ")");
      assertRel(-k[1], Erf.erf(-k[0]), ERF_REL, "erf(" + -k[0] + ")");
    }
  }

  @Test
  void erfcKnownValuesIncludingTheFarTail() {
    double[][] known = {
        {-3.0, 1.9999779095030015},
        {-1.0, 1.8427007929497148},
        {0.0, 1.0},
        {0.5, 0.4795001221869535},
        {1.0, 0.15729920705028513},
        {1.9, 0.00720957076474253},
        {2.0, 0.004677734981047266},
        {3.0, 2.209049699858544e-05},
        {5.0, 1.537459794428035e-12},
        {10.0, 2.088487583762545e-45},
        {20.0, 5.395865611607901e-176},
    };
    for (double[] k : known) {
      assertRel(k[1], Erf.erfc(k[0]), ERFC_REL, "erfc(" + k[0] + ")");
    }
  }

  @Test
  void exactPointsLimitsAndNaN() {
    assertEquals(0.0, Erf.erf(0.0), 0.0);
    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Erf.erf(-0.0)));
    assertEquals(1.0, Erf.erf(6.0), 0.0);
    assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(0.0, Erf.erfc(30.0), 0.0);
    assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY), 0.0);
    assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
  }

  @Test
  void oddComplementaryAndMonotoneAcrossTheSplit() {
    double previous = -1.0;
    for (int i = -4000; i <= 4000; i++) {
      double x = i * 1e-3;
      double e = Erf.erf(x);
      assertEquals(-e, Erf.erf(-x), 0.0, "odd at " + x);
      assertEquals(1.0, e + Erf.erfc(x), 4e-16, "erf + erfc at " + x);
      assertTrue(e >= previous, "monotone at " + x);
      previous = e;
    }
    // No jump where the series hands over to the continued fraction.
    double below = Math.nextDown(2.0);
    assertRel(Erf.erfc(2.0), Erf.erfc(below), ERFC_REL, "erfc at both sides of 2");
    assertRel(Erf.erf(2.0), Erf.erf(below), ERF_REL, "erf at both sides of 2");
  }
}
