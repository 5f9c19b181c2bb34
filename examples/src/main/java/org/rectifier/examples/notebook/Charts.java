package org.rectifier.examples.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rectifier.nn.TrainingHistory;

/**
 * Charts of a training run as images (JFreeChart, headless), for notebooks
 * ({@code display(image)}) and for PNG files. Inputs are plain arrays and maps, so any
 * summary or table can be drawn without Spark.
 */
public final class Charts {

  /** Default image size, in pixels. */
  public static final int WIDTH = 860;
  /** Default image height, in pixels. */
  public static final int HEIGHT = 520;

  /** Tableau's 10 colours: distinct from each other and readable on a light background. */
  private static final Color[] PALETTE = {
      new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
      new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
      new Color(0x9C755F), new Color(0xBAB0AC)};

  private Charts() {}

  /** The colour of series {@code i}, the same in every chart (so one name keeps one colour). */
  static Color colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /**
   * Loss per epoch on top; training accuracy, validation accuracy (when recorded) and each hidden
   * layer's dead-unit fraction below.
   */
  public static JFreeChart trainingHistoryChart(List<TrainingHistory.Epoch> epochs,
      String title) {
    headless();
    XYSeries loss = new XYSeries("training loss");
    XYSeries validationLoss = new XYSeries("validation loss");
    XYSeries accuracy = new XYSeries("training accuracy");
    XYSeries validationAccuracy = new XYSeries("validation accuracy");
    XYSeriesCollection losses = new XYSeriesCollection(loss);
    XYSeriesCollection rates = new XYSeriesCollection(accuracy);
    int layers = epochs.isEmpty() ? 0 : epochs.get(0).deadFraction.length;
    XYSeries[] dead = new XYSeries[layers];
    for (int l = 0; l < layers; l++) {
      dead[l] = new XYSeries("dead units, hidden layer " + (l + 1));
    }
    for (TrainingHistory.Epoch e : epochs) {
      loss.add(e.epoch, e.loss);
      if (!Double.isNaN(e.validationLoss)) {
        validationLoss.add(e.epoch, e.validationLoss);
      }
      if (!Double.isNaN(e.accuracy)) {
        accuracy.add(e.epoch, e.accuracy);
      }
      if (!Double.isNaN(e.validationAccuracy)) {
        validationAccuracy.add(e.epoch, e.validationAccuracy);
      }
      for (int l = 0; l < layers; l++) {
        dead[l].add(e.epoch, e.deadFraction[l]);
      }
    }
    if (validationLoss.getItemCount() > 0) {
      losses.addSeries(validationLoss);
      rates.addSeries(validationAccuracy);
    }
    for (XYSeries d : dead) {
      rates.addSeries(d);
    }
    XYPlot lossPlot = new XYPlot(losses, null, new NumberAxis("loss"), lines());
    NumberAxis fraction = new NumberAxis("fraction");
    fraction.setRange(0, 1.02);
    XYPlot ratePlot = new XYPlot(rates, null, fraction, lines());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis());
    plot.add(lossPlot, 1);
    plot.add(ratePlot, 1);
    return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
  }

  /** {@link #trainingHistoryChart} as an image. */
  public static BufferedImage trainingHistory(List<TrainingHistory.Epoch> epochs, String title) {
    return trainingHistoryChart(epochs, title).createBufferedImage(WIDTH, 640);
  }

  /**
   * One line per entry of {@code series} over epochs 1..n (e.g. loss per epoch per activation),
   * on a log y axis when {@code logY} (values must then be positive).
   */
  public static BufferedImage curves(String title, String yLabel,
      Map<String, double[]> series, boolean logY) {
    return curves(title, yLabel, series, logY, Map.of());
  }

  /**
   * {@link #curves(String, String, Map, boolean)} with a dashed vertical line at each epoch of
   * {@code markers}, labelled by its key (e.g. "kept epoch" for early stopping).
   */
  public static BufferedImage curves(String title, String yLabel,
      Map<String, double[]> series, boolean logY, Map<String, Integer> markers) {
    headless();
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      XYSeries line = new XYSeries(s.getKey());
      double[] v = s.getValue();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isNaN(v[i]) && (!logY || v[i] > 0)) {
          line.add(i + 1, v[i]);
        }
      }
      data.addSeries(line);
    }
    ValueAxis y = logY ? new LogAxis(yLabel) : new NumberAxis(yLabel);
    XYPlot plot = new XYPlot(data, epochAxis(), y, lines());
    boolean left = markers.size() > 1;
    for (Map.Entry<String, Integer> m : markers.entrySet()) {
      org.jfree.chart.plot.ValueMarker marker = new org.jfree.chart.plot.ValueMarker(
          m.getValue(), Color.DARK_GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
              BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      marker.setLabel(m.getKey());
      // With several markers the first label goes left of its line, the others right, so
      // neighbouring labels do not overprint each other.
      marker.setLabelAnchor(left ? org.jfree.chart.ui.RectangleAnchor.TOP_LEFT
          : org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(left ? org.jfree.chart.ui.TextAnchor.TOP_RIGHT
          : org.jfree.chart.ui.TextAnchor.TOP_LEFT);
      left = false;
      plot.addDomainMarker(marker);
    }
    return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true))
        .createBufferedImage(WIDTH, HEIGHT);
  }

  /**
   * Grouped bars: per hidden layer (the categories), one bar per entry of {@code perLayer}
   * (e.g. dead-unit fraction per layer per activation); log y axis when {@code logY}.
   */
  public static BufferedImage layerBars(String title, String yLabel,
      Map<String, double[]> perLayer, boolean logY) {
    headless();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, double[]> s : perLayer.entrySet()) {
      double[] v = s.getValue();
      for (int l = 0; l < v.length; l++) {
        // A log axis cannot draw 0: such bars are left out rather than drawn at a fake floor.
        data.addValue(logY && !(v[l] > 0) ? null : v[l], s.getKey(), "layer " + (l + 1));
      }
    }
    BarRenderer bars = barRenderer();
    bars.setItemMargin(0.02);
    ValueAxis y;
    if (logY) {
      // Bars grow from a base; on a log axis 0 is minus infinity, so the base and the range are
      // set from the data (a decade below the smallest value to a decade above the largest).
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (double[] v : perLayer.values()) {
        for (double d : v) {
          if (d > 0) {
            min = Math.min(min, d);
            max = Math.max(max, d);
          }
        }
      }
      LogAxis log = new LogAxis(yLabel);
      if (max > 0) {
        double lo = Math.pow(10, Math.floor(Math.log10(min)) - 1);
        log.setRange(lo, Math.pow(10, Math.ceil(Math.log10(max)) + 1));
        bars.setBase(lo);
        bars.setIncludeBaseInRange(false);
        // Ticks at whole decades: 10^-5, 10^-4, ... rather than 10^-4.5.
        log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
      }
      y = log;
    } else {
      y = new NumberAxis(yLabel);
    }
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("hidden layer (input side first)"),
        y, bars);
    return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true))
        .createBufferedImage(WIDTH, HEIGHT);
  }

  /** One bar per entry (e.g. a cross-validation metric per parameter combination). */
  public static BufferedImage bars(String title, String yLabel, Map<String, Double> values) {
    headless();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((name, v) -> data.addValue(v, yLabel, name));
    BarRenderer bars = barRenderer();
    CategoryAxis x = new CategoryAxis();
    x.setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    // Bars from 0 would hide differences of a few percent between close candidates.
    bars.setIncludeBaseInRange(false);
    CategoryPlot plot = new CategoryPlot(data, x, y, bars);
    return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false))
        .createBufferedImage(WIDTH, 600);
  }

  /**
   * Histogram of values per group (e.g. the learned PReLU slopes of each hidden layer), in
   * {@code bins} equal bins over the range of all values.
   */
  public static BufferedImage histogram(String title, String xLabel,
      Map<String, double[]> groups, int bins) {
    headless();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] v : groups.values()) {
      for (double d : v) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1e-3;
      lo -= 1e-3;
    }
    double width = (hi - lo) / bins;
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, double[]> g : groups.entrySet()) {
      int[] counts = new int[bins];
      for (double d : g.getValue()) {
        counts[Math.min(bins - 1, (int) ((d - lo) / width))]++;
      }
      for (int b = 0; b < bins; b++) {
        data.addValue(counts[b], g.getKey(), String.format(java.util.Locale.ROOT, "%.3f",
            lo + (b + 0.5) * width));
      }
    }
    BarRenderer bars = barRenderer();
    CategoryAxis x = new CategoryAxis(xLabel + " (bin centre)");
    x.setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    CategoryPlot plot = new CategoryPlot(data, x, new NumberAxis("units"), bars);
    return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true))
        .createBufferedImage(WIDTH, HEIGHT);
  }

  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static NumberAxis epochAxis() {
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return epochs;
  }

  static XYLineAndShapeRenderer lines() {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setDefaultStroke(new BasicStroke(2f));
    r.setAutoPopulateSeriesStroke(false);
    r.setAutoPopulateSeriesPaint(false);
    for (int i = 0; i < 32; i++) {
      r.setSeriesPaint(i, colour(i));
    }
    return r;
  }

  private static BarRenderer barRenderer() {
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setAutoPopulateSeriesPaint(false);
    for (int i = 0; i < 32; i++) {
      bars.setSeriesPaint(i, colour(i));
    }
    return bars;
  }

  private static JFreeChart finish(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(new Color(0xF4, 0xF4, 0xF4));
    return chart;
  }
}
