package org.rectifier.kernel;

/**
 * Elementwise and per-row kernels over row-major float blocks ({@code rows x cols}).
 *
 * <p>Loops are branch-free over primitive arrays so that C2 vectorizes them.
 */
public final class RowOps {

  private RowOps() {}

  /** {@code z[r][c] += bias[bOff + c]} for every row. */
  public static void addBias(float[] z, int rows, int cols, float[] bias, int bOff) {
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        z[base + c] += bias[bOff + c];
      }
    }
  }

  /** {@code out[oOff + c] = sum over rows of m[r][c]} (overwrites). */
  public static void columnSums(float[] m, int rows, int cols, float[] out, int oOff) {
    java.util.Arrays.fill(out, oOff, oOff + cols, 0f);
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        out[oOff + c] += m[base + c];
      }
    }
  }

  /** Index of the largest value of row {@code r}; the first one on ties, as Spark's argmax. */
  public static int argmax(float[] m, int r, int cols) {
    int base = r * cols;
    int best = 0;
    float bestValue = m[base];
    for (int c = 1; c < cols; c++) {
      if (m[base + c] > bestValue) {
        bestValue = m[base + c];
        best = c;
      }
    }
    return best;
  }
}
