package org.rectifier.examples.bench;

import java.util.Random;
import org.rectifier.kernel.Convert;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Relu;

/**
 * Section 2: one forward+backward step of the engine alone (no Spark) on the benchmark network,
 * counted with the honest FLOP count, to compare with the bare GEMMs of section 1.
 */
final class KernelBench {

  private KernelBench() {}

  static double stepGflops(int[] layers, int batch, double seconds) {
    Topology topology = Topology.classifier(layers, new Relu());
    float[] params = Convert.toFloat(topology.initialWeights(1));
    Random random = new Random(2);
    float[] x = new float[batch * layers[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    float[] y = new float[batch];
    for (int r = 0; r < batch; r++) {
      y[r] = random.nextInt(layers[layers.length - 1]);
    }
    float[] grad = new float[topology.numParams()];
    Network network = new Network(topology, batch);
    for (int i = 0; i < 20; i++) {
      network.gradient(params, x, y, null, batch, grad);
    }
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    int steps = 0;
    while (steps < 3 || System.nanoTime() < end) {
      network.gradient(params, x, y, null, batch, grad);
      steps++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return steps * batch * Mlp784.trainingFlopsPerRow(layers) / elapsed / 1e9;
  }
}
