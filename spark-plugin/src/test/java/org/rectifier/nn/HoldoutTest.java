package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation rows are held out of every epoch's minibatches, and all others are trained on. */
class HoldoutTest {

  @Test
  void epochsCoverExactlyTheTrainingRows() {
    Holdout h = new Holdout(1000, 0.2, 7);
    assertEquals(200, h.numValidation());
    assertEquals(800, h.numTraining());
    long[] validation = h.validationRows();
    Set<Long> held = new HashSet<>();
    for (long r : validation) {
      assertTrue(r >= 0 && r < 1000);
      held.add(r);
    }
    assertEquals(200, held.size());
    for (int epoch = 0; epoch < 3; epoch++) {
      EpochOrder order = new EpochOrder(h, 64, 7, epoch);
      Set<Long> seen = new HashSet<>();
      for (int s = 0; s < order.numSteps(); s++) {
        for (long r : order.rowsOfStep(s)) {
          assertTrue(!held.contains(r), "validation row " + r + " in a training step");
          assertTrue(seen.add(r), "row " + r + " twice in one epoch");
        }
      }
      assertEquals(800, seen.size());
    }
    assertArrayEquals(validation, new Holdout(1000, 0.2, 7).validationRows());
    assertTrue(new Holdout(1000, 0.2, 8).validationRows()[0] != validation[0]
        || new Holdout(1000, 0.2, 8).validationRows()[1] != validation[1]);
  }

  @Test
  void atLeastOneRowStaysForTraining() {
    assertEquals(1, new Holdout(3, 0.99, 1).numTraining());
    assertEquals(0, new Holdout(3, 0.0, 1).numValidation());
  }
}
