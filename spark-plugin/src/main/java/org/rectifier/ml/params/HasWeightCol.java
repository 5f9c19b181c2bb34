package org.rectifier.ml.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The optional column of row weights. */
public interface HasWeightCol extends Params {

  /** This owner's param objects. */
  ParamDefs paramDefs();

  /** Column of non-negative row weights. */
  default Param<String> weightCol() {
    return paramDefs().weightCol;
  }

  /** @return the weight column, or null when unset or empty */
  default String getWeightCol() {
    if (!isDefined(weightCol())) {
      return null;
    }
    String col = $(weightCol());
    return col == null || col.isEmpty() ? null : col;
  }
}
