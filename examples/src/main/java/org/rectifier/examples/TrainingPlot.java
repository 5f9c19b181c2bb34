package org.rectifier.examples;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.rectifier.examples.notebook.Charts;
import org.rectifier.nn.TrainingHistory;

/** The training picture of {@code --plot} as a PNG: {@link Charts#trainingHistoryChart}. */
final class TrainingPlot {

  private TrainingPlot() {}

  static void write(List<TrainingHistory.Epoch> epochs, String title, File png)
      throws IOException {
    ChartUtils.saveChartAsPNG(png, Charts.trainingHistoryChart(epochs, title), 900, 650);
  }
}
