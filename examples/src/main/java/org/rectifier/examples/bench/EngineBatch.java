package org.rectifier.examples.bench;

import java.util.Random;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Relu;

/**
 * One batch for timing the engine alone (no Spark): a relu classifier of the given layer sizes,
 * its initial float32 parameters, and random features and labels, the same for every benchmark
 * that times a step.
 */
final class EngineBatch {

  final Topology topology;
  final float[] params;
  final float[] x;
  final float[] y;

  EngineBatch(int[] layers, int batch) {
    topology = Topology.classifier(layers, new Relu());
    params = Convert.toFloat(topology.initialWeights(1));
    Random random = new Random(2);
    x = new float[batch * layers[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    y = new float[batch];
    for (int r = 0; r < batch; r++) {
      y[r] = random.nextInt(layers[layers.length - 1]);
    }
  }
}
