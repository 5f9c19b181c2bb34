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

  /** Rows a column marks (validationIndicatorCol): training row j is the j-th unmarked row. */
  @Test
  void givenRowsAreHeldOutAndTheRestNumberedInOrder() {
    java.util.Random random = new java.util.Random(5);
    for (int n : new int[] {1, 2, 10, 257}) {
      boolean[] marked = new boolean[n];
      java.util.List<Long> validation = new java.util.ArrayList<>();
      java.util.List<Long> training = new java.util.ArrayList<>();
      for (int r = 0; r < n; r++) {
        marked[r] = r > 0 && random.nextInt(3) == 0; // row 0 always trains
        (marked[r] ? validation : training).add((long) r);
      }
      long[] rows = validation.stream().mapToLong(Long::longValue).toArray();
      Holdout h = Holdout.of(n, rows);
      assertEquals(validation.size(), h.numValidation());
      assertEquals(training.size(), h.numTraining());
      assertArrayEquals(rows, h.validationRows());
      for (int j = 0; j < training.size(); j++) {
        assertEquals((long) training.get(j), h.trainingRow(j), "training row " + j + " of " + n);
      }
    }
    // Marked rows at both ends and in a run.
    Holdout h = Holdout.of(8, new long[] {0, 3, 4, 5, 7});
    assertArrayEquals(new long[] {1, 2, 6},
        new long[] {h.trainingRow(0), h.trainingRow(1), h.trainingRow(2)});
  }

  @Test
  void givenRowsMustBeDistinctAscendingInRangeAndLeaveATrainingRow() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Holdout.of(5, new long[] {2, 1}));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Holdout.of(5, new long[] {5}));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Holdout.of(2, new long[] {0, 1}));
    assertTrue(e.getMessage().contains("at least one must stay for training"), e.getMessage());
  }
}
