package org.rectifier.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Proves the per-row kernels of {@link RowOps} on hand-checked blocks: the bias is added per
 * column from its offset, column sums overwrite their target, and argmax takes the first of tied
 * maxima (as Spark's does).
 */
class RowOpsTest {

  @Test
  void addBiasAddsPerColumnFromAnOffset() {
    float[] z = {1, 2, 3, 4, 5, 6};
    RowOps.addBias(z, 2, 3, new float[] {9, 10, 20, 30}, 1);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, z, 0f);
  }

  @Test
  void columnSumsOverwriteTheirTarget() {
    float[] out = {-1, 99, 99, 99, -1};
    RowOps.columnSums(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, out, 1);
    assertArrayEquals(new float[] {-1, 5, 7, 9, -1}, out, 0f);
  }

  @Test
  void argmaxPicksTheFirstOfTiedMaxima() {
    float[] m = {0, 3, 3, 1, -5, -2, -7, -2};
    assertEquals(1, RowOps.argmax(m, 0, 4));
    assertEquals(1, RowOps.argmax(m, 1, 4));
    assertEquals(0, RowOps.argmax(new float[] {2, 2}, 0, 2));
  }
}
