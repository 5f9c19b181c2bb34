package org.rectifier.kernel;

/**
 * Elementwise selections whose condition is data: a ReLU's sign, a pooling window's winner.
 * Half of a ReLU layer's inputs are negative in no predictable order, so a branch per value
 * mispredicts half the time, and the JIT of Java 17 does not turn these selections into vector
 * code. With {@code jdk.incubator.vector} in the JVM ({@code conf/jvm-options} adds it) they run
 * as vector blends ({@link BlendVector}); without it, as the plain loops here. Both compute the
 * same values, so the module never changes a trained network.
 */
public final class Blend {

  private static final boolean VECTOR = vectorAvailable();

  private Blend() {}

  private static boolean vectorAvailable() {
    if (Boolean.getBoolean("rectifier.kernel.noVector")) {
      return false;
    }
    try {
      return BlendVector.usable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Whether the Vector API runs these selections in this JVM. */
  public static boolean vectorized() {
    return VECTOR;
  }

  /**
   * ReLU's backward pass in place: {@code delta[i]} where {@code z[i] > 0}, NaN where
   * {@code z[i]} is NaN (a bad value must not turn into a silent zero gradient), else
   * {@code 0 * delta[i]}, for {@code i < n}.
   */
  public static void reluBackward(float[] z, float[] delta, int n) {
    int done = VECTOR ? BlendVector.reluBackward(z, delta, n) : 0;
    reluBackwardScalar(z, delta, done, n);
  }

  static void reluBackwardScalar(float[] z, float[] delta, int from, int n) {
    for (int i = from; i < n; i++) {
      float zi = z[i];
      float d = delta[i];
      delta[i] = (zi > 0f ? d : 0f * d) * (zi == zi ? 1f : Float.NaN);
    }
  }

  /**
   * One pixel of a max-pooling window, visited in window order: for each of its {@code c}
   * channels, where the input {@code x[xAt + ch]} equals the window's maximum
   * {@code max[mAt + ch]} and the channel's gradient {@code rest[ch]} has not gone to an earlier
   * pixel, {@code dx[xAt + ch]} takes it and {@code rest[ch]} becomes 0; elsewhere
   * {@code dx[xAt + ch]} is 0. So the gradient goes to the first maximum of each window.
   */
  public static void routeToMax(float[] x, float[] max, int mAt, float[] rest, float[] dx,
      int xAt, int c) {
    int done = VECTOR ? BlendVector.routeToMax(x, max, mAt, rest, dx, xAt, c) : 0;
    routeToMaxScalar(x, max, mAt, rest, dx, xAt, done, c);
  }

  static void routeToMaxScalar(float[] x, float[] max, int mAt, float[] rest, float[] dx,
      int xAt, int from, int c) {
    for (int ch = from; ch < c; ch++) {
      float r = rest[ch];
      boolean hit = x[xAt + ch] == max[mAt + ch];
      dx[xAt + ch] = hit ? r : 0f;
      rest[ch] = hit ? 0f : r;
    }
  }
}
