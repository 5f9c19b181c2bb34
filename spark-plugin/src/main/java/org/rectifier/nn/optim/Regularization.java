package org.rectifier.nn.optim;

import java.io.Serializable;

/**
 * What pulls connection weights (not biases, not activation parameters) towards zero, in
 * MLlib's terms for the loss and PyTorch's for AdamW: with {@code regParam} λ and
 * {@code elasticNetParam} α the loss gains {@code λ (α |W|_1 + (1 - α) / 2 |W|^2)}, whose
 * gradient is added to the mean gradient (the L1 part as the subgradient {@code λ α sign(w)},
 * 0 at 0); and a decoupled weight decay {@code w -= lr * weightDecay * w} is applied before the
 * optimizer's step, outside the loss and its gradient, as AdamW does.
 */
public final class Regularization implements Serializable {

  private static final long serialVersionUID = 1L;

  /** None. */
  public static final Regularization NONE = new Regularization(0, 0, 0);

  /** Coefficient of the L2 gradient {@code l2 * w} (the loss gains {@code l2 / 2 |W|^2}). */
  public final double l2;
  /** Coefficient of the L1 subgradient {@code l1 * sign(w)}. */
  public final double l1;
  /** Decoupled weight decay per unit of learning rate. */
  public final double weightDecay;

  private Regularization(double l2, double l1, double weightDecay) {
    this.l2 = l2;
    this.l1 = l1;
    this.weightDecay = weightDecay;
  }

  /** L2 alone, the {@code regParam} of MLlib with {@code elasticNetParam} 0. */
  public static Regularization l2(double regParam) {
    return of(regParam, 0, 0);
  }

  /**
   * @param regParam λ, >= 0
   * @param elasticNetParam α in [0, 1]: 0 is L2, 1 is L1
   * @param weightDecay decoupled decay (AdamW), >= 0
   */
  public static Regularization of(double regParam, double elasticNetParam, double weightDecay) {
    if (!(regParam >= 0) || !(elasticNetParam >= 0 && elasticNetParam <= 1)
        || !(weightDecay >= 0) || Double.isInfinite(regParam) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("regularization out of range: regParam " + regParam
          + ", elasticNetParam " + elasticNetParam + ", weightDecay " + weightDecay);
    }
    return new Regularization(regParam * (1 - elasticNetParam), regParam * elasticNetParam,
        weightDecay);
  }

  @Override
  public String toString() {
    return "l2 " + l2 + ", l1 " + l1 + ", weightDecay " + weightDecay;
  }

  /** Whether the loss has a penalty term. */
  public boolean penalized() {
    return l2 != 0 || l1 != 0;
  }
}
