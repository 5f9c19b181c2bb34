package org.rectifier.examples.bench;

import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;

/**
 * Section 2: one forward+backward step of the engine alone (no Spark) on the benchmark network,
 * counted with the honest FLOP count, to compare with the bare GEMMs of section 1.
 */
final class KernelBench {

  private KernelBench() {}

  static double stepGflops(int[] layers, int batch, double seconds) {
    EngineBatch b = new EngineBatch(layers, batch);
    Topology topology = b.topology;
    float[] params = b.params;
    float[] x = b.x;
    float[] y = b.y;
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
