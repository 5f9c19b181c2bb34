package org.rectifier.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major GEMM over {@code dev.ludovic.netlib}, the BLAS line Spark itself ships.
 *
 * <p>BLAS is column-major; every matrix in Rectifier is row-major (a minibatch is rows of
 * features). A row-major {@code C = op(A) op(B)} is the column-major {@code C' = op(B)' op(A)'},
 * so each call swaps the operands instead of copying anything.
 */
public final class Blas {

  private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

  private Blas() {}

  /** The implementation {@code dev.ludovic.netlib} loaded (native, VectorBLAS or Java). */
  public static String implementationName() {
    return BLAS_INSTANCE.getClass().getName();
  }

  /**
   * Row-major {@code C = alpha * op(A) * op(B) + beta * C} in float32.
   *
   * @param transA whether A is used transposed
   * @param transB whether B is used transposed
   * @param m rows of op(A) and of C
   * @param n columns of op(B) and of C
   * @param k columns of op(A), rows of op(B)
   * @param alpha scale of the product
   * @param a A, row-major, starting at {@code aOff} with row stride {@code lda}
   * @param aOff offset of A
   * @param lda row stride of A as stored
   * @param b B, row-major
   * @param bOff offset of B
   * @param ldb row stride of B as stored
   * @param beta scale of the previous C (0 overwrites)
   * @param c C, row-major
   * @param cOff offset of C
   * @param ldc row stride of C
   */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
      float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    BLAS_INSTANCE.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
        b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
  }

  /** Row-major {@code C = alpha * op(A) * op(B) + beta * C} in float64; see the float32 form. */
  public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta,
      double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    BLAS_INSTANCE.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
        b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
  }
}
