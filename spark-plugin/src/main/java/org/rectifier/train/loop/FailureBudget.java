package org.rectifier.train.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.TrainingFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many failed training jobs a fit survives ({@code maxFailures}, counted over the whole
 * fit), and which failures are worth a retry. A lost executor, a killed task, a fetch failure or
 * a peer the collective lost are; bad input (it would fail again), a cancelled job or job group,
 * a stopped SparkContext and an interrupted fitting thread are not: they end the fit at once.
 */
public final class FailureBudget {

  private static final Logger LOG = LoggerFactory.getLogger(FailureBudget.class);

  private final String name;
  private final int maxFailures;
  private final List<String> failures = new ArrayList<>();

  /**
   * @param name the estimator, for logs
   * @param maxFailures the failure that fails the fit (1: the first)
   */
  public FailureBudget(String name, int maxFailures) {
    this.name = name;
    this.maxFailures = maxFailures;
  }

  /** Whether a retry could get past {@code failure}. */
  public static boolean retryable(Throwable failure, SparkContext sc) {
    if (sc.isStopped() || Thread.currentThread().isInterrupted()) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException || t instanceof InterruptedException) {
        return false;
      }
      String m = t.getMessage();
      // "Job 7 cancelled part of cancelled job group g", "... because SparkContext was shut down"
      if (m != null && m.contains("cancelled")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Records that the job running {@code where} failed with {@code cause}; returns if the fit may
   * retry it from the state it started from.
   *
   * @param progress how far the fit got, e.g. "epochs 1-2 done, epoch 3 at step 95 of 235"
   * @throws TrainingFailedException when this was the {@code maxFailures}-th failure
   */
  public void failed(RuntimeException cause, String where, String progress) {
    String reason = firstLine(cause);
    failures.add(where + ": " + reason);
    if (failures.size() >= maxFailures) {
      throw new TrainingFailedException(String.format(Locale.ROOT,
          "%s: training failed %d time%s (maxFailures=%d), so the fit gives up; %s."
              + " Failures: %s", name, failures.size(), failures.size() == 1 ? "" : "s",
          maxFailures, progress, String.join(" | ", failures)), cause);
    }
    LOG.warn("{}: the training job for {} failed ({} of {} failures allowed); retrying it from"
        + " the state it started from. Cause: {}", name, where, failures.size(), maxFailures - 1,
        reason);
  }

  /** Failures so far. */
  public int count() {
    return failures.size();
  }

  private static String firstLine(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        // Spark's job-abort messages end with the failed task's stack trace: keep the reason.
        StringBuilder s = new StringBuilder();
        for (String line : c.getMessage().split("\n")) {
          if (line.trim().startsWith("at ") || s.length() > 400) {
            break;
          }
          s.append(s.length() == 0 ? "" : " ").append(line.trim());
        }
        return c.getClass().getSimpleName() + ": " + s;
      }
    }
    return t.getClass().getName();
  }
}
