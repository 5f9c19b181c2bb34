package org.rectifier.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rectifier.nn.TrainingHistory;

/**
 * The training picture as a PNG (JFreeChart, headless): loss per epoch on top, accuracy and the
 * hidden layers' dead-unit fraction below.
 */
final class TrainingPlot {

  private TrainingPlot() {}

  static void write(List<TrainingHistory.Epoch> epochs, String title, File png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeries loss = new XYSeries("training loss");
    XYSeries accuracy = new XYSeries("training accuracy");
    XYSeriesCollection rates = new XYSeriesCollection(accuracy);
    int layers = epochs.isEmpty() ? 0 : epochs.get(0).deadFraction.length;
    XYSeries[] dead = new XYSeries[layers];
    for (int l = 0; l < layers; l++) {
      dead[l] = new XYSeries("dead units, hidden layer " + (l + 1));
      rates.addSeries(dead[l]);
    }
    for (TrainingHistory.Epoch e : epochs) {
      loss.add(e.epoch, e.loss);
      if (!Double.isNaN(e.accuracy)) {
        accuracy.add(e.epoch, e.accuracy);
      }
      for (int l = 0; l < layers; l++) {
        dead[l].add(e.epoch, e.deadFraction[l]);
      }
    }
    XYPlot lossPlot = new XYPlot(new XYSeriesCollection(loss), null, new NumberAxis("loss"),
        renderer());
    NumberAxis fraction = new NumberAxis("fraction");
    fraction.setRange(0, 1);
    XYPlot ratePlot = new XYPlot(rates, null, fraction, renderer());
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
    plot.add(lossPlot, 1);
    plot.add(ratePlot, 1);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png, chart, 900, 650);
  }

  private static XYLineAndShapeRenderer renderer() {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setDefaultStroke(new BasicStroke(2f));
    r.setAutoPopulateSeriesStroke(false);
    return r;
  }
}
