package org.rectifier.kernel;

/** Precision conversions between the float64 master parameters and float32 compute copies. */
public final class Convert {

  private Convert() {}

  /** {@code dst[i] = (float) src[i]}. */
  public static void toFloat(double[] src, float[] dst) {
    for (int i = 0; i < src.length; i++) {
      dst[i] = (float) src[i];
    }
  }

  /** A new float32 copy of {@code src}. */
  public static float[] toFloat(double[] src) {
    float[] dst = new float[src.length];
    toFloat(src, dst);
    return dst;
  }

  /** {@code acc[i] += src[i]}, widening to float64. */
  public static void addTo(double[] acc, float[] src) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += src[i];
    }
  }
}
