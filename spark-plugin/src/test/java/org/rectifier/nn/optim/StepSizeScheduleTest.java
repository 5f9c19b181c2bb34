package org.rectifier.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each schedule's rate per epoch against the formula worked out by hand. */
class StepSizeScheduleTest {

  private static final double[] NONE = new double[0];

  private static StepSizeSchedule of(String name, int warmup) {
    // stepSize 0.1, decayRate 0.5, decayEpochs 3, minStepSize 0.01, decayPatience 2, maxIter 10
    return new StepSizeSchedule(name, 0.1, 0.5, 3, 0.01, 2, warmup, 10);
  }

  @Test
  void constantExponentialAndStep() {
    for (int e = 0; e < 10; e++) {
      assertEquals(0.1, of("constant", 0).rate(e, NONE), 0.0);
      assertEquals(0.1 * Math.pow(0.5, e), of("exponential", 0).rate(e, NONE), 1e-17);
    }
    double[] step = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
    for (int e = 0; e < 10; e++) {
      assertEquals(step[e], of("step", 0).rate(e, NONE), 1e-17, "epoch " + e);
    }
  }

  @Test
  void cosineAnnealsFromStepSizeToMinStepSizeOverMaxIter() {
    StepSizeSchedule s = of("cosine", 0);
    assertEquals(0.1, s.rate(0, NONE), 1e-17);
    assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI * 3 / 10)) / 2, s.rate(3, NONE), 1e-17);
    assertEquals((0.1 + 0.01) / 2, s.rate(5, NONE), 1e-15);
    assertEquals(0.01, s.rate(10, NONE), 1e-17);
    assertEquals(0.01, s.rate(25, NONE), 1e-17); // beyond maxIter (a resumed, longer fit)
    for (int e = 1; e < 10; e++) {
      assertTrue(s.rate(e, NONE) < s.rate(e - 1, NONE));
    }
  }

  @Test
  void plateauDecaysAfterDecayPatienceEpochsWithoutANewBest() {
    StepSizeSchedule s = of("plateau", 0);
    // Losses: improve, improve, stall, stall (-> x0.5), improve, stall, stall (-> x0.5), stall,
    // stall (-> x0.5), stall, stall (-> x0.5, floored at 0.01)
    double[] loss = {1.0, 0.9, 0.95, 0.91, 0.8, 0.85, 0.81, 0.9, 0.9, 0.9, 0.9};
    double[] expected = {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125,
        0.01};
    for (int e = 0; e <= loss.length; e++) {
      assertEquals(expected[e], s.rate(e, loss), 1e-17, "epoch " + e);
    }
  }

  @Test
  void warmupRampsLinearlyThenFollowsTheSchedule() {
    StepSizeSchedule s = of("step", 4);
    assertEquals(0.025, s.rate(0, NONE), 1e-16);
    assertEquals(0.05, s.rate(1, NONE), 1e-16);
    assertEquals(0.075, s.rate(2, NONE), 1e-16);
    assertEquals(0.05, s.rate(3, NONE), 1e-16); // the step decay at 3 applies, fully warmed
    assertEquals(0.05, s.rate(4, NONE), 1e-16);
  }

  @Test
  void unknownNamesAreRejectedWithTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> of("linear", 0));
    assertTrue(e.getMessage().contains("[constant, exponential, step, cosine, plateau]"),
        e.getMessage());
  }
}
