package org.rectifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sparsity and dead-unit bookkeeping against hand-counted blocks. */
class LayerActivityTest {

  @Test
  void countsZerosAndUnitsThatNeverFired() {
    LayerActivity a = new LayerActivity(new int[] {3, 2});
    // Layer 0, 2 rows x 3 units: unit 1 is zero in both rows (dead), 4 zeros of 6.
    a.record(0, new float[] {0f, 0f, 2f, 1f, 0f, 0f}, 2);
    // Layer 1, 2 rows x 2 units: nothing zero.
    a.record(1, new float[] {0.5f, -1f, 3f, 4f}, 2);
    a.addRows(2);
    assertEquals(4.0 / 6, a.sparsity(0), 1e-12);
    assertEquals(1.0 / 3, a.deadFraction(0), 0.0);
    assertEquals(0.0, a.sparsity(1), 0.0);
    assertEquals(0.0, a.deadFraction(1), 0.0);

    LayerActivity b = new LayerActivity(new int[] {3, 2});
    b.record(0, new float[] {0f, 7f, 0f}, 1);
    b.record(1, new float[] {0f, 0f}, 1);
    b.addRows(1);
    a.merge(b);
    assertEquals(3, a.rows());
    assertEquals(6.0 / 9, a.sparsity(0), 1e-12);
    assertEquals(0.0, a.deadFraction(0), 0.0, "unit 1 fired in the merged rows");
    assertEquals(2.0 / 6, a.sparsity(1), 1e-12);
    assertTrue(Double.isNaN(new LayerActivity(new int[] {2}).sparsity(0)));
  }

  @Test
  void networkRecordsItsHiddenLayersOnly() {
    Topology t = Topology.classifier(new int[] {2, 3, 2},
        org.rectifier.nn.activation.Activations.create("relu", Double.NaN));
    double[] w = t.initialWeights(1);
    // Hidden biases far below zero: every relu unit outputs 0 for these inputs.
    for (int i = 0; i < 3; i++) {
      w[t.biasOffset(0) + i] = -100;
    }
    float[] params = org.rectifier.kernel.Convert.toFloat(w);
    Network n = new Network(t, 4);
    n.gradient(params, new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {0, 1}, null, 2,
        new float[t.numParams()]);
    LayerActivity a = LayerActivity.of(t);
    n.recordActivity(a, 2);
    assertEquals(1, a.numLayers());
    assertEquals(1.0, a.sparsity(0), 0.0);
    assertEquals(1.0, a.deadFraction(0), 0.0);
  }
}
