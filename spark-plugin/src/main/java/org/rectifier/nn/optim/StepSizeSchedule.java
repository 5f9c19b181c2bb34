package org.rectifier.nn.optim;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The learning rate of each epoch, as a pure function of the epoch and of the monitored loss of
 * the epochs before it, so that a resumed fit computes the rates of the one it continues:
 * <ul>
 *   <li>{@code constant}: {@code stepSize};
 *   <li>{@code exponential}: {@code stepSize * decayRate^epoch};
 *   <li>{@code step}: {@code stepSize * decayRate^floor(epoch / decayEpochs)};
 *   <li>{@code cosine}: from {@code stepSize} down to {@code minStepSize} over {@code maxIter}
 *       epochs, {@code min + (stepSize - min) (1 + cos(pi epoch / maxIter)) / 2};
 *   <li>{@code plateau}: times {@code decayRate} (not below {@code minStepSize}) each time the
 *       monitored loss has gone {@code decayPatience} epochs without a new best, as Keras's
 *       ReduceLROnPlateau.
 * </ul>
 * With {@code warmupEpochs} w, epoch e (from 0) uses {@code min(1, (e + 1) / w)} of that rate.
 */
public final class StepSizeSchedule implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Every schedule name. */
  public static final List<String> NAMES =
      List.of("constant", "exponential", "step", "cosine", "plateau");

  private final String name;
  private final double stepSize;
  private final double decayRate;
  private final int decayEpochs;
  private final double minStepSize;
  private final int decayPatience;
  private final int warmupEpochs;
  private final int maxIter;

  /** @see StepSizeSchedule */
  public StepSizeSchedule(String name, double stepSize, double decayRate, int decayEpochs,
      double minStepSize, int decayPatience, int warmupEpochs, int maxIter) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "Unknown stepSizeSchedule '%s'; expected one of %s", name, NAMES));
    }
    this.name = name;
    this.stepSize = stepSize;
    this.decayRate = decayRate;
    this.decayEpochs = decayEpochs;
    this.minStepSize = minStepSize;
    this.decayPatience = decayPatience;
    this.warmupEpochs = warmupEpochs;
    this.maxIter = maxIter;
  }

  /** A constant rate. */
  public static StepSizeSchedule constant(double stepSize) {
    return new StepSizeSchedule("constant", stepSize, 1, 1, 0, 1, 0, 1);
  }

  /**
   * The rate of epoch {@code epoch} (from 0), given the monitored loss of each earlier epoch
   * ({@code monitored[0..epoch)}; only the plateau schedule reads it).
   */
  public double rate(int epoch, double[] monitored) {
    double r;
    switch (name) {
      case "exponential":
        r = stepSize * Math.pow(decayRate, epoch);
        break;
      case "step":
        r = stepSize * Math.pow(decayRate, epoch / decayEpochs);
        break;
      case "cosine":
        r = minStepSize + (stepSize - minStepSize)
            * (1 + Math.cos(Math.PI * Math.min(epoch, maxIter) / Math.max(1, maxIter))) / 2;
        break;
      case "plateau":
        r = plateau(epoch, monitored);
        break;
      default:
        r = stepSize;
    }
    if (warmupEpochs > 0 && epoch < warmupEpochs) {
      r *= (epoch + 1) / (double) warmupEpochs;
    }
    return r;
  }

  /** Name and every setting that changes a rate, e.g. {@code step(0.001, rate 0.5, every 10)}. */
  @Override
  public String toString() {
    String warmup = warmupEpochs > 0 ? ", warmup " + warmupEpochs : "";
    switch (name) {
      case "exponential":
        return String.format(Locale.ROOT, "exponential(%s, rate %s%s)", stepSize, decayRate,
            warmup);
      case "step":
        return String.format(Locale.ROOT, "step(%s, rate %s, every %d%s)", stepSize, decayRate,
            decayEpochs, warmup);
      case "cosine":
        return String.format(Locale.ROOT, "cosine(%s, min %s, over %d%s)", stepSize,
            minStepSize, maxIter, warmup);
      case "plateau":
        return String.format(Locale.ROOT, "plateau(%s, rate %s, patience %d, min %s%s)",
            stepSize, decayRate, decayPatience, minStepSize, warmup);
      default:
        return String.format(Locale.ROOT, "constant(%s%s)", stepSize, warmup);
    }
  }

  private double plateau(int epoch, double[] monitored) {
    double r = stepSize;
    double best = Double.POSITIVE_INFINITY;
    int wait = 0;
    for (int e = 0; e < epoch && e < monitored.length; e++) {
      if (monitored[e] < best) {
        best = monitored[e];
        wait = 0;
      } else if (++wait >= decayPatience) {
        r = Math.max(minStepSize, r * decayRate);
        wait = 0;
      }
    }
    return r;
  }
}
