package org.rectifier.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rectifier.nn.Topology;
import org.rectifier.nn.conv.ImageShape;

/** The architecture syntax: what it builds, its canonical text, and its errors. */
class ArchitectureTest {

  static final String TUTORIAL =
      "conv2d(32,3x3,relu) maxpool(2x2) conv2d(64,3x3,relu) maxpool(2x2) flatten dense(128,relu)";

  @Test
  void theTutorialsNetworkHasKerasesShapesAndParameterCounts() {
    Topology t = Architecture.classifier(TUTORIAL, new ImageShape(64, 64, 3), 10);
    String[] shapes = new String[t.numLayers()];
    int[] params = new int[t.numLayers()];
    for (int l = 0; l < t.numLayers(); l++) {
      shapes[l] = t.layer(l).outShape();
      params[l] = t.layer(l).numParams();
    }
    // Keras's model.summary() of the tutorial's Sequential model.
    assertArrayEquals(new String[] {"62x62x32", "31x31x32", "29x29x64", "14x14x64", "12544",
        "128", "10"}, shapes);
    assertArrayEquals(new int[] {896, 0, 18_496, 0, 0, 1_605_760, 1_290}, params);
    assertEquals(1_626_442, t.numParams());
    assertEquals(TUTORIAL, t.architecture(), "the canonical text is the one written");
  }

  @Test
  void optionsAreReadAndWrittenBackCanonically() {
    Topology t = Architecture.classifier(
        "Conv2D(8, 3, prelu, padding=same, stride=2)  conv2d(4,2x3,leaky_relu,alpha=0.2)"
            + " flatten dense(16)", new ImageShape(9, 9, 2), 3);
    assertEquals("conv2d(8,3x3,prelu,alpha=0.25,stride=2,padding=same)"
        + " conv2d(4,2x3,leaky_relu,alpha=0.2) flatten dense(16)", t.architecture());
    assertEquals("5x5x8", t.layer(0).outShape(), "same padding, stride 2: ceil(9/2)");
    assertEquals(8, t.activation(0).numParams(t.layer(0).units()), "a prelu slope per channel");
    Topology again = Architecture.classifier(t.architecture(), new ImageShape(9, 9, 2), 3);
    assertEquals(t.architecture(), again.architecture());
    assertEquals(t.numParams(), again.numParams());
  }

  @Test
  void aMalformedSpecPointsAtTheTokenAndListsTheSyntax() {
    String spec = "conv2d(32,3x3,relu) maxpool(2x2) conv3d(64,3x3,relu) flatten";
    String m = error(spec, new ImageShape(28, 28, 1));
    assertTrue(m.startsWith("architecture: unknown layer 'conv3d' at 'conv3d(64,3x3,relu)'"
        + " (character 34):\n  " + spec + "\n  " + " ".repeat(33) + "^".repeat(19) + "\n"), m);
    assertTrue(m.endsWith("expected layers separated by spaces, from: " + Architecture.SYNTAX),
        m);
    assertTrue(error("conv2d(32,3x3,rleu) flatten", new ImageShape(8, 8, 1))
        .startsWith("architecture: unknown activation 'rleu' at 'conv2d(32,3x3,rleu)'"));
    assertTrue(error("conv2d(0,3x3) flatten", new ImageShape(8, 8, 1))
        .startsWith("architecture: filters is '0'; expected a positive integer"));
    assertTrue(error("conv2d(8,3x3,relu,padding=full) flatten", new ImageShape(8, 8, 1))
        .startsWith("architecture: padding is 'full'; expected valid or same"));
    assertTrue(error("conv2d(8,3x3 flatten", new ImageShape(8, 8, 1))
        .startsWith("architecture: unbalanced parentheses"));
    assertTrue(error("conv2d(8,3x3) dense(10,relu)", new ImageShape(8, 8, 1))
        .startsWith("architecture: dense takes a vector but gets a 6x6x8 image; put flatten"
            + " before it at 'dense(10,relu)'"));
    assertTrue(error("flatten conv2d(8,3x3)", new ImageShape(8, 8, 1))
        .startsWith("architecture: conv2d takes an image but comes after flatten or dense"));
    assertTrue(error("  ", new ImageShape(8, 8, 1)).startsWith("architecture is empty"));
    assertTrue(error("conv2d(8,3x3,relu)", new ImageShape(8, 8, 1))
        .startsWith("architecture 'conv2d(8,3x3,relu)' ends on a 6x6x8 image; add flatten"));
  }

  @Test
  void shapesThatVanishShowTheShapeTable() {
    String m = error("conv2d(32,3x3,relu) maxpool(2x2) conv2d(64,3x3,relu) maxpool(2x2)"
        + " conv2d(64,3x3,relu) flatten", new ImageShape(10, 10, 1));
    assertTrue(m.startsWith("architecture: layer 5, conv2d(64,3x3,relu), does not fit: conv2d"
        + " 3x3 (stride 1, valid) does not fit a 1x1x64 input: the output would be 0x0\n"), m);
    assertTrue(m.contains(row("", "input", "10x10x1")), m);
    assertTrue(m.contains(row("1", "conv2d(32,3x3,relu)", "8x8x32")), m);
    assertTrue(m.contains(row("4", "maxpool(2x2)", "1x1x64")), m);
    assertTrue(m.contains(row("5", "conv2d(64,3x3,relu)", "(none: the shape vanishes)")), m);
  }

  private static String row(String index, String layer, String shape) {
    return String.format("  %-3s %-36s %s", index, layer, shape);
  }

  private static String error(String spec, ImageShape input) {
    return assertThrows(IllegalArgumentException.class,
        () -> Architecture.classifier(spec, input, 10)).getMessage();
  }
}
