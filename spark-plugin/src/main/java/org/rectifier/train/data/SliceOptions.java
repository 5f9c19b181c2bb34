package org.rectifier.train.data;

import java.io.Serializable;
import org.rectifier.nn.DropoutMasks;

/**
 * What a step does to its rows besides the network's arithmetic: class weights multiplied into
 * the row weights (training and validation alike, so the monitored validation loss is the
 * objective training minimizes), and dropout masks (training only). Travels to the tasks.
 */
public final class SliceOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Plain rows: no class weights, no dropout. */
  public static final SliceOptions NONE = new SliceOptions(null, null);

  private final float[] classWeights;
  private final DropoutMasks dropout;

  /**
   * @param classWeights one factor per class (indexed by label), or null for none
   * @param dropout the fit's masks, or null for none
   */
  public SliceOptions(float[] classWeights, DropoutMasks dropout) {
    this.classWeights = classWeights == null ? null : classWeights.clone();
    this.dropout = dropout == null || !dropout.active() ? null : dropout;
  }

  /** The factor per class, or null. */
  float[] classWeights() {
    return classWeights;
  }

  /** The dropout masks, or null when nothing is dropped. */
  public DropoutMasks dropout() {
    return dropout;
  }
}
