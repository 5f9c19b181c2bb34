package org.rectifier.train;

import java.util.Arrays;
import java.util.Locale;
import org.rectifier.train.data.ClassCounts;

/**
 * The factor each class multiplies into its rows' weights: the {@code classWeights} given, or
 * scikit-learn's {@code balanced} {@code n_rows / (n_classes * rows of the class)} computed from
 * every row given to fit (validation rows included, as scikit-learn computes it from the
 * {@code y} given to fit). Rejects what would silently train on nothing.
 */
final class ClassWeights {

  private ClassWeights() {}

  /**
   * The factors for {@code numClasses} classes, or null when the fit weights no class.
   *
   * @param counts rows and weight per class, counted when the data was cached
   * @throws InvalidInputException for a wrong number of weights, a negative or non-finite one,
   *     a balanced class with no rows, or weights that leave no row with weight
   */
  static float[] resolve(TrainingControls controls, ClassCounts counts, int numClasses,
      String labelCol, String weightCol) {
    double[] given = controls.classWeights;
    if (given == null && !controls.balanced) {
      return null;
    }
    double[] factors = new double[numClasses];
    if (given != null) {
      if (given.length != numClasses) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "Param classWeights has %d values, but the output layer has %d classes (labels 0..%d"
                + " of column '%s'); expected one weight per class", given.length, numClasses,
            numClasses - 1, labelCol));
      }
      for (int c = 0; c < numClasses; c++) {
        if (!(given[c] >= 0) || Double.isInfinite(given[c])) {
          throw new InvalidInputException(String.format(Locale.ROOT,
              "Param classWeights[%d] is %s; expected a finite weight >= 0", c, given[c]));
        }
        factors[c] = given[c];
      }
    } else {
      long n = counts.totalRows();
      for (int c = 0; c < numClasses; c++) {
        long rows = counts.rows(c);
        if (rows == 0) {
          throw new InvalidInputException(String.format(Locale.ROOT,
              "classBalance=balanced: class %d has no rows in column '%s', so its weight"
                  + " n_rows / (n_classes * 0) is undefined; expected every one of the %d"
                  + " classes to have rows (or give classWeights, or set layers to fewer"
                  + " outputs)", c, labelCol, numClasses));
        }
        factors[c] = n / ((double) numClasses * rows);
      }
    }
    double total = 0;
    for (int c = 0; c < numClasses; c++) {
      total += factors[c] * counts.weight(c);
    }
    if (!(total > 0)) {
      StringBuilder present = new StringBuilder();
      for (int c = 0; c < numClasses; c++) {
        if (counts.rows(c) > 0) {
          present.append(present.length() == 0 ? "" : ", ").append(c);
        }
      }
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Param classWeights is %s: every row has weight 0 (the classes with rows, %s, all"
              + " have class weight 0%s); expected a weight > 0 for at least one class with"
              + " rows", Arrays.toString(given), present,
          weightCol == null ? "" : ", or their rows weight 0 in column '" + weightCol + "'"));
    }
    float[] out = new float[numClasses];
    for (int c = 0; c < numClasses; c++) {
      out[c] = (float) factors[c];
    }
    return out;
  }
}
