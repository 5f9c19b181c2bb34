package org.rectifier.ml;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.rectifier.train.InvalidInputException;

/** Column checks before a fit, with messages that say which column and what was expected. */
final class SchemaChecks {

  private SchemaChecks() {}

  static void check(StructType schema, String featuresCol, String labelCol, String weightCol,
      boolean training) {
    check(schema, featuresCol, labelCol, weightCol, null, training);
  }

  /** The checks, and a boolean {@code validationIndicatorCol} (null: unset) for training. */
  static void check(StructType schema, String featuresCol, String labelCol, String weightCol,
      String validationIndicatorCol, boolean training) {
    DataType features = type(schema, featuresCol, "featuresCol");
    if (!(features instanceof VectorUDT)) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' (featuresCol) is %s; expected a Vector column (ml.linalg.VectorUDT),"
              + " e.g. from VectorAssembler", featuresCol, features.simpleString()));
    }
    if (training && Arrays.asList(schema.fieldNames()).contains(labelCol)) {
      numeric(schema, labelCol, "labelCol");
    }
    if (training && weightCol != null) {
      numeric(schema, weightCol, "weightCol");
    }
    if (training && validationIndicatorCol != null) {
      DataType t = type(schema, validationIndicatorCol, "validationIndicatorCol");
      if (!(t instanceof BooleanType)) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "Column '%s' (validationIndicatorCol) is %s; expected a boolean column, true"
                + " marking a validation row", validationIndicatorCol, t.simpleString()));
      }
    }
  }

  private static void numeric(StructType schema, String col, String param) {
    DataType t = type(schema, col, param);
    if (!(t instanceof NumericType)) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' (%s) is %s; expected a numeric column", col, param, t.simpleString()));
    }
  }

  private static DataType type(StructType schema, String col, String param) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Column '%s' (%s) does not exist; available columns: %s", col, param,
          Arrays.toString(schema.fieldNames())));
    }
    return schema.apply(col).dataType();
  }
}
