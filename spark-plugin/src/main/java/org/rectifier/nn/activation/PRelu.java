package org.rectifier.nn.activation;

/**
 * Parametric ReLU: {@code x} for x &gt; 0, else {@code slope[unit] * x}, with one slope per unit
 * learned in training (He et al. 2015). Slopes start at alpha (default 0.25) and get gradients
 * like any weight, but no L2 penalty.
 */
public final class PRelu implements Activation {

  private static final long serialVersionUID = 1L;

  /** The default initial slope. */
  public static final double DEFAULT_ALPHA = 0.25;

  private final float alpha;

  /** @param alpha the initial slope of every unit */
  public PRelu(double alpha) {
    this.alpha = (float) alpha;
  }

  @Override
  public String name() {
    return "prelu";
  }

  @Override
  public double alpha() {
    return alpha;
  }

  @Override
  public InitScheme initScheme() {
    return InitScheme.HE;
  }

  @Override
  public double initGain() {
    return Gates.heGain(alpha);
  }

  @Override
  public int numParams(int units) {
    return units;
  }

  @Override
  public void initParams(float[] params, int pOff, int units) {
    java.util.Arrays.fill(params, pOff, pOff + units, alpha);
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int units, float[] params, int pOff) {
    for (int r = 0; r < rows; r++) {
      int base = r * units;
      for (int c = 0; c < units; c++) {
        float v = z[base + c];
        a[base + c] = v > 0f ? v : params[pOff + c] * v;
      }
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] delta, int rows, int units,
      float[] params, float[] grad, int pOff) {
    for (int r = 0; r < rows; r++) {
      int base = r * units;
      for (int c = 0; c < units; c++) {
        float v = z[base + c];
        float d = delta[base + c];
        // dL/dslope = sum over rows of dL/da * z where z <= 0 (z itself is 0 at the kink).
        grad[pOff + c] += v > 0f ? 0f : d * v;
        delta[base + c] = d * Gates.slope(v, params[pOff + c]);
      }
    }
  }
}
