package org.rectifier.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that {@link Blas#sgemm} and {@link Blas#dgemm} compute the <em>row-major</em>
 * {@code C = alpha op(A) op(B) + beta C} for every combination of transposes, with offsets,
 * padded row strides and non-square shapes, against a naive triple loop; plus one product small
 * enough to check by hand.
 */
class BlasTest {

  private static final int M = 3;
  private static final int N = 5;
  private static final int K = 4;
  private static final int PAD = 2;
  private static final int OFF = 3;

  /** Element (i, j) of op(X), X row-major at {@code off} with row stride {@code ld}. */
  private static double op(double[] x, int off, int ld, boolean trans, int i, int j) {
    return trans ? x[off + j * ld + i] : x[off + i * ld + j];
  }

  private static double[] naive(boolean ta, boolean tb, double alpha, double[] a, int lda,
      double[] b, int ldb, double beta, double[] c, int ldc) {
    double[] out = c.clone();
    for (int i = 0; i < M; i++) {
      for (int j = 0; j < N; j++) {
        double s = 0;
        for (int p = 0; p < K; p++) {
          s += op(a, OFF, lda, ta, i, p) * op(b, OFF, ldb, tb, p, j);
        }
        out[OFF + i * ldc + j] = alpha * s + beta * c[OFF + i * ldc + j];
      }
    }
    return out;
  }

  private static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.round(r.nextGaussian() * 1e3) / 1e3;
    }
    return v;
  }

  private static float[] toFloat(double[] v) {
    return Convert.toFloat(v);
  }

  @ParameterizedTest(name = "transA={0} transB={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void rowMajorGemmMatchesNaiveLoops(boolean ta, boolean tb) {
    Random r = new Random(ta ? (tb ? 1 : 2) : (tb ? 3 : 4));
    // Stored shapes: A is M x K (K x M when transposed), B is K x N (N x K), each row padded.
    int lda = (ta ? M : K) + PAD;
    int ldb = (tb ? K : N) + PAD;
    int ldc = N + PAD;
    double[] a = random(r, OFF + (ta ? K : M) * lda);
    double[] b = random(r, OFF + (tb ? N : K) * ldb);
    double[] c = random(r, OFF + M * ldc);
    double alpha = 1.5;
    double beta = -0.5;
    double[] expected = naive(ta, tb, alpha, a, lda, b, ldb, beta, c, ldc);

    double[] cd = c.clone();
    Blas.dgemm(ta, tb, M, N, K, alpha, a, OFF, lda, b, OFF, ldb, beta, cd, OFF, ldc);
    assertArrayEquals(expected, cd, 1e-12, "dgemm");

    float[] cf = toFloat(c);
    Blas.sgemm(ta, tb, M, N, K, (float) alpha, toFloat(a), OFF, lda, toFloat(b), OFF, ldb,
        (float) beta, cf, OFF, ldc);
    for (int i = 0; i < cf.length; i++) {
      // Float32 accumulation of K products of O(1) numbers: well within 1e-5.
      assertEquals(expected[i], cf[i], 1e-5 * (1 + Math.abs(expected[i])), "sgemm entry " + i);
    }
    // Padding and the space before the offset are left alone (checked exactly above, as the
    // naive result copies them from c).
  }

  @Test
  void smallProductByHand() {
    // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [1, 1]]: A B = [[4, 5], [10, 11]].
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {1, 0, 0, 1, 1, 1};
    float[] c = new float[4];
    Blas.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {4, 5, 10, 11}, c, 0f);
    // A^T A (3 x 3) = [[17, 22, 27], [22, 29, 36], [27, 36, 45]].
    float[] ata = new float[9];
    Blas.sgemm(true, false, 3, 3, 2, 1f, a, 0, 3, a, 0, 3, 0f, ata, 0, 3);
    assertArrayEquals(new float[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, ata, 0f);
    // A A^T (2 x 2) = [[14, 32], [32, 77]], added to C = 1 with beta 1.
    float[] aat = {1, 1, 1, 1};
    Blas.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, a, 0, 3, 1f, aat, 0, 2);
    assertArrayEquals(new float[] {15, 33, 33, 78}, aat, 0f);
  }

  @Test
  void emptyOutputIsANoOp() {
    float[] c = {7f, 7f};
    Blas.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
    Blas.sgemm(false, false, 1, 0, 3, 1f, new float[3], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
    assertArrayEquals(new float[] {7f, 7f}, c, 0f);
    assertNotNull(Blas.implementationName());
  }
}
