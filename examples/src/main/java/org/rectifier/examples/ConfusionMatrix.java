package org.rectifier.examples;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A confusion matrix of (label, prediction) as text: rows are true classes. */
public final class ConfusionMatrix {

  private ConfusionMatrix() {}

  public static String render(Dataset<Row> predictions, int classes) {
    long[][] counts = new long[classes][classes];
    List<Row> cells = predictions.groupBy("label", "prediction").count().collectAsList();
    for (Row r : cells) {
      counts[(int) r.getDouble(0)][(int) r.getDouble(1)] = r.getLong(2);
    }
    StringBuilder sb = new StringBuilder("Confusion matrix (rows: true class, columns: predicted)\n");
    sb.append("      ");
    for (int c = 0; c < classes; c++) {
      sb.append(String.format("%6d", c));
    }
    sb.append('\n');
    for (int t = 0; t < classes; t++) {
      sb.append(String.format("%6d", t));
      for (int p = 0; p < classes; p++) {
        sb.append(String.format("%6d", counts[t][p]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
