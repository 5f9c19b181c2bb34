package org.rectifier.train.data;

import java.io.Serializable;

/**
 * What the rows of a training set must look like: the columns to read and the checks each row
 * must pass. Travels to executors with the conversion.
 */
public final class InputSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Name of the Vector column of features. */
  public final String featuresCol;
  /** Name of the numeric label column. */
  public final String labelCol;
  /** Name of the numeric row-weight column, or null. */
  public final String weightCol;
  /** Whether labels are class indices (else regression targets). */
  public final boolean classification;
  /** Required vector size, or -1 to take it from the data. */
  public final int numFeatures;
  /** Where {@link #numFeatures} came from, for messages (e.g. "layers[0]"). */
  public final String numFeaturesSource;
  /** Number of classes labels must stay below, or -1 when the data decides. */
  public final int numClasses;
  /** Where {@link #numClasses} came from, for messages. */
  public final String numClassesSource;
  /** Name of the boolean column marking validation rows, or null. */
  public final String validationIndicatorCol;
  /** Whether to count the rows and weight of each class (for class weights). */
  public final boolean countClasses;

  /** @see InputSpec */
  public InputSpec(String featuresCol, String labelCol, String weightCol, boolean classification,
      int numFeatures, String numFeaturesSource, int numClasses, String numClassesSource) {
    this(featuresCol, labelCol, weightCol, classification, numFeatures, numFeaturesSource,
        numClasses, numClassesSource, null, false);
  }

  /** @see InputSpec */
  public InputSpec(String featuresCol, String labelCol, String weightCol, boolean classification,
      int numFeatures, String numFeaturesSource, int numClasses, String numClassesSource,
      String validationIndicatorCol, boolean countClasses) {
    this.validationIndicatorCol = validationIndicatorCol;
    this.countClasses = countClasses;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
    this.classification = classification;
    this.numFeatures = numFeatures;
    this.numFeaturesSource = numFeaturesSource;
    this.numClasses = numClasses;
    this.numClassesSource = numClassesSource;
  }

  /** This spec with the size limits {@code numFeatures} and {@code numClasses} set. */
  public InputSpec withLimits(int numFeatures, String numFeaturesSource, int numClasses,
      String numClassesSource) {
    return new InputSpec(featuresCol, labelCol, weightCol, classification, numFeatures,
        numFeaturesSource, numClasses, numClassesSource, validationIndicatorCol, countClasses);
  }
}
