package org.rectifier.examples.notebook;

import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;

/**
 * f(x) and f'(x) of activations as the engine computes them (its own forward and backward, at
 * default alphas), so the picture is the code's, kink conventions included.
 */
public final class ActivationCurves {

  private ActivationCurves() {}

  /** {x, f(x), f'(x)} on {@code points} evenly spaced x in [lo, hi], as the engine computes. */
  public static double[][] evaluate(String activation, double lo, double hi, int points) {
    Activation f = Activations.create(activation, Double.NaN);
    float[] params = new float[f.numParams(points)];
    f.initParams(params, 0, points);
    float[] z = new float[points];
    for (int i = 0; i < points; i++) {
      z[i] = (float) (lo + (hi - lo) * i / (points - 1));
    }
    // One row of `points` units: every unit gets its own x (PReLU slopes all start at alpha).
    float[] a = new float[points];
    f.forward(z, a, 1, points, params, 0);
    float[] delta = new float[points];
    java.util.Arrays.fill(delta, 1f);
    f.backward(z, a, delta, 1, points, params, new float[params.length], 0);
    double[][] out = new double[3][points];
    for (int i = 0; i < points; i++) {
      out[0][i] = z[i];
      out[1][i] = a[i];
      out[2][i] = delta[i];
    }
    return out;
  }

  /** f(x) above, f'(x) below, for each activation over [lo, hi]. */
  public static BufferedImage chart(List<String> activations, double lo, double hi) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection values = new XYSeriesCollection();
    XYSeriesCollection slopes = new XYSeriesCollection();
    for (String name : activations) {
      double[][] c = evaluate(name, lo, hi, 401);
      XYSeries f = new XYSeries(name);
      XYSeries g = new XYSeries(name + "'", false);
      for (int i = 0; i < c[0].length; i++) {
        f.add(c[0][i], c[1][i]);
        g.add(c[0][i], c[2][i]);
      }
      values.addSeries(f);
      slopes.addSeries(g);
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("x"));
    XYLineAndShapeRenderer f = Charts.lines();
    f.setDefaultShapesVisible(false);
    XYLineAndShapeRenderer g = Charts.lines();
    g.setDefaultShapesVisible(false);
    // One colour per activation in both panels; the legend lists each activation once.
    g.setDefaultSeriesVisibleInLegend(false);
    plot.add(new XYPlot(values, null, new NumberAxis("f(x)"), f), 3);
    plot.add(new XYPlot(slopes, null, new NumberAxis("f'(x)"), g), 2);
    JFreeChart chart = new JFreeChart("Activations and their derivatives (engine's own)",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(java.awt.Color.WHITE);
    return chart.createBufferedImage(Charts.WIDTH, 640);
  }
}
