package org.rectifier.nn.conv;

/** How a window treats the image border, as Keras's {@code padding} argument. */
public enum Padding {
  /** Only windows that fit inside the image: {@code out = floor((in - k) / stride) + 1}. */
  VALID,
  /** Zeros around the image so that {@code out = ceil(in / stride)}, the extra on the far side. */
  SAME;

  /** Output length along one axis of input length {@code in}, window {@code k}, {@code stride}. */
  public int outLength(int in, int k, int stride) {
    if (this == SAME) {
      return (in + stride - 1) / stride;
    }
    return in < k ? 0 : (in - k) / stride + 1;
  }

  /** Zeros before the first input along one axis (TensorFlow's split: the smaller half). */
  public int padBefore(int in, int k, int stride) {
    if (this == VALID) {
      return 0;
    }
    int out = outLength(in, k, stride);
    int total = Math.max((out - 1) * stride + k - in, 0);
    return total / 2;
  }
}
