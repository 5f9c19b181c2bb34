package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that {@link EpochOrder} cuts each epoch into minibatches that partition the rows
 * {@code [0, N)} exactly (every row once, full batches then one smaller last batch, rows of a
 * step ascending and equal to the positions' {@code rowAt}), for sizes on and off powers of two;
 * that the order is a function of (seed, epoch) alone, differs between epochs and between seeds,
 * is really shuffled, and puts each row in a given batch about equally often; and that it works
 * for row counts beyond int range.
 */
class EpochOrderTest {

  @ParameterizedTest(name = "N={0} batch={1}")
  @CsvSource({"1,1", "1,5", "2,1", "7,3", "16,4", "100,10", "103,10", "1000,64", "1025,100",
      "4097,512"})
  void everyEpochPartitionsTheRows(long n, int batch) {
    for (long seed : new long[] {0L, 7L, -3L}) {
      for (int epoch = 0; epoch < 3; epoch++) {
        EpochOrder order = new EpochOrder(n, batch, seed, epoch);
        int steps = (int) ((n + batch - 1) / batch);
        assertEquals(steps, order.numSteps());
        boolean[] seen = new boolean[(int) n];
        for (int s = 0; s < steps; s++) {
          long[] rows = order.rowsOfStep(s);
          int expectedSize = s < steps - 1 ? batch : (int) (n - (long) (steps - 1) * batch);
          assertEquals(expectedSize, rows.length, "size of step " + s);
          long[] fromPositions = new long[rows.length];
          for (int i = 0; i < rows.length; i++) {
            fromPositions[i] = order.rowAt((long) s * batch + i);
          }
          Arrays.sort(fromPositions);
          assertArrayEquals(fromPositions, rows, "step " + s + " lists its positions' rows");
          for (int i = 0; i < rows.length; i++) {
            assertTrue(i == 0 || rows[i - 1] < rows[i], "ascending");
            assertTrue(rows[i] >= 0 && rows[i] < n, "row " + rows[i] + " out of range");
            assertFalse(seen[(int) rows[i]], "row " + rows[i] + " twice");
            seen[(int) rows[i]] = true;
          }
        }
        for (int r = 0; r < n; r++) {
          assertTrue(seen[r], "row " + r + " missing");
        }
      }
    }
  }

  @Test
  void lastStepIsTheRemainder() {
    EpochOrder order = new EpochOrder(103, 10, 1, 0);
    assertEquals(11, order.numSteps());
    assertEquals(10, order.rowsOfStep(9).length);
    assertEquals(3, order.rowsOfStep(10).length);
  }

  @Test
  void deterministicForSeedAndEpoch() {
    EpochOrder a = new EpochOrder(1000, 32, 99, 4);
    EpochOrder b = new EpochOrder(1000, 32, 99, 4);
    for (int s = 0; s < a.numSteps(); s++) {
      assertArrayEquals(a.rowsOfStep(s), b.rowsOfStep(s));
    }
  }

  @Test
  void epochsAndSeedsGiveDifferentOrders() {
    long[] reference = positions(new EpochOrder(1000, 100, 5, 0));
    for (int epoch = 1; epoch < 20; epoch++) {
      long[] other = positions(new EpochOrder(1000, 100, 5, epoch));
      assertTrue(matches(reference, other) < 50, "epoch " + epoch + " repeats epoch 0");
    }
    for (long seed : new long[] {6, -5, 1L << 40}) {
      long[] other = positions(new EpochOrder(1000, 100, seed, 0));
      assertTrue(matches(reference, other) < 50, "seed " + seed + " repeats seed 5");
    }
    // And minibatches differ, not just the order inside them.
    assertFalse(Arrays.equals(new EpochOrder(1000, 100, 5, 0).rowsOfStep(0),
        new EpochOrder(1000, 100, 5, 1).rowsOfStep(0)));
  }

  @Test
  void theOrderIsShuffled() {
    EpochOrder order = new EpochOrder(1000, 100, 3, 0);
    long[] first = order.rowsOfStep(0);
    // An unshuffled first batch would be 0..99; a shuffled one spreads over the range.
    assertTrue(first[first.length - 1] > 500, "first batch ends at " + first[99]);
    assertTrue(first[0] < 100, "first batch starts at " + first[0]);
    assertTrue(matches(positions(order), identity(1000)) < 20, "too many fixed points");
  }

  @Test
  void eachRowIsInTheFirstBatchAboutEquallyOften() {
    // 20 rows, batches of 5: over 4000 epochs each row should be in step 0 about 1000 times
    // (binomial sd 27; the bound is 5.5 sd).
    int[] counts = new int[20];
    for (int epoch = 0; epoch < 4000; epoch++) {
      for (long r : new EpochOrder(20, 5, 11, epoch).rowsOfStep(0)) {
        counts[(int) r]++;
      }
    }
    for (int r = 0; r < 20; r++) {
      assertEquals(1000, counts[r], 150, "row " + r);
    }
  }

  @Test
  void rowCountsBeyondIntRange() {
    long n = 10_000_000_019L;
    EpochOrder order = new EpochOrder(n, 1000, 1, 0);
    assertEquals(10_000_001, order.numSteps());
    long[] last = order.rowsOfStep(order.numSteps() - 1);
    assertEquals(19, last.length);
    for (long r : order.rowsOfStep(123_456)) {
      assertTrue(r >= 0 && r < n);
    }
  }

  @Test
  void nonPositiveSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EpochOrder(0, 10, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new EpochOrder(10, 0, 1, 0));
  }

  private static long[] positions(EpochOrder order) {
    int n = 0;
    for (int s = 0; s < order.numSteps(); s++) {
      n += order.rowsOfStep(s).length;
    }
    long[] p = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = order.rowAt(i);
    }
    return p;
  }

  private static long[] identity(int n) {
    long[] p = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  private static int matches(long[] a, long[] b) {
    int m = 0;
    for (int i = 0; i < a.length; i++) {
      m += a[i] == b[i] ? 1 : 0;
    }
    return m;
  }
}
