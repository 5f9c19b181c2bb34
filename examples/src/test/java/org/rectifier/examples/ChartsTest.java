package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rectifier.examples.notebook.ActivationCurves;
import org.rectifier.examples.notebook.Charts;

/** The notebook charts draw something, and the activation curves are the engine's. */
class ChartsTest {

  @Test
  void activationCurvesFollowTheEnginesConventions() {
    double[][] relu = ActivationCurves.evaluate("relu", -2, 2, 5);
    assertEquals(0.0, relu[1][1], 0.0);
    assertEquals(2.0, relu[1][4], 0.0);
    assertEquals(0.0, relu[2][2], 0.0, "relu'(0) is 0 (PyTorch's convention)");
    assertEquals(1.0, relu[2][3], 0.0);
    double[][] leaky = ActivationCurves.evaluate("leaky_relu", -2, 2, 5);
    assertEquals(-0.02, leaky[1][0], 1e-7);
    assertEquals(0.01, leaky[2][0], 1e-7);
    double[][] elu = ActivationCurves.evaluate("elu", -2, 2, 5);
    assertEquals(Math.expm1(-2), elu[1][0], 1e-6);
  }

  @Test
  void chartsAreImagesWithContent() {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("relu", new double[] {1.0, 0.5, 0.25});
    series.put("sigmoid", new double[] {2.0, 1.9, 1.8});
    assertDrawn(Charts.curves("loss", "loss", series, true));
    assertDrawn(Charts.curves("loss", "loss", series, false, Map.of("kept epoch", 2)));
    assertDrawn(Charts.layerBars("dead units", "fraction", series, false));
    assertDrawn(Charts.layerBars("gradient norms", "norm", series, true));
    assertDrawn(Charts.histogram("slopes", "slope", series, 10));
    assertDrawn(Charts.bars("cv", "accuracy", Map.of("a", 0.9, "b", 0.95)));
    assertDrawn(ActivationCurves.chart(List.of("relu", "elu"), -3, 3));
  }

  private static void assertDrawn(BufferedImage image) {
    assertTrue(image.getWidth() > 400 && image.getHeight() > 300);
    // A chart has many colours; a blank or failed render has one or two.
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 5, "only " + colours.size() + " colours");
  }
}
