package org.rectifier.examples.bench;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rectifier.kernel.Blas;

/**
 * Section 1: what the loaded BLAS delivers on exactly the GEMMs of one training step of the
 * benchmark network (3 forward, 3 weight-gradient, 2 error-propagation products), in float32
 * and float64, on one thread and on two threads at once (what two Spark tasks get).
 */
final class GemmBench {

  private GemmBench() {}

  /** GFLOP/s of the step's GEMMs at {@code batch} rows, on {@code threads} threads at once. */
  static double stepGflops(int[] layers, int batch, boolean single, int threads, double seconds)
      throws Exception {
    // Warm-up: let the JIT compile the Java/Vector BLAS kernels before timing.
    if (single) {
      runFloat(layers, batch, 1.0);
    } else {
      runDouble(layers, batch, 1.0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] runs = new Future<?>[threads];
      double[] flops = new double[threads];
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int id = t;
        runs[t] = pool.submit(() -> {
          flops[id] = single ? runFloat(layers, batch, seconds) : runDouble(layers, batch, seconds);
          return null;
        });
      }
      for (Future<?> f : runs) {
        f.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double total = 0;
      for (double f : flops) {
        total += f;
      }
      return total / elapsed / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  private static double runFloat(int[] layers, int batch, double seconds) {
    Random random = new Random(1);
    int widest = 0;
    for (int s : layers) {
      widest = Math.max(widest, s);
    }
    float[] act = randomFloats(batch * widest, random);
    float[] out = new float[batch * widest];
    float[][] w = new float[layers.length - 1][];
    float[][] g = new float[layers.length - 1][];
    for (int l = 0; l + 1 < layers.length; l++) {
      w[l] = randomFloats(layers[l] * layers[l + 1], random);
      g[l] = new float[layers[l] * layers[l + 1]];
    }
    double flops = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int reps = 0;
    while (reps < 3 || System.nanoTime() < end) {
      for (int l = 0; l + 1 < layers.length; l++) {
        int in = layers[l];
        int o = layers[l + 1];
        Blas.sgemm(false, false, batch, o, in, 1f, act, 0, in, w[l], 0, o, 0f, out, 0, o);
        Blas.sgemm(true, false, in, o, batch, 1f, act, 0, in, out, 0, o, 0f, g[l], 0, o);
        flops += 4.0 * batch * in * o;
        if (l > 0) {
          Blas.sgemm(false, true, batch, in, o, 1f, out, 0, o, w[l], 0, o, 0f, act, 0, in);
          flops += 2.0 * batch * in * o;
        }
      }
      reps++;
    }
    return flops;
  }

  private static double runDouble(int[] layers, int batch, double seconds) {
    Random random = new Random(1);
    int widest = 0;
    for (int s : layers) {
      widest = Math.max(widest, s);
    }
    double[] act = randomDoubles(batch * widest, random);
    double[] out = new double[batch * widest];
    double[][] w = new double[layers.length - 1][];
    double[][] g = new double[layers.length - 1][];
    for (int l = 0; l + 1 < layers.length; l++) {
      w[l] = randomDoubles(layers[l] * layers[l + 1], random);
      g[l] = new double[layers[l] * layers[l + 1]];
    }
    double flops = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int reps = 0;
    while (reps < 3 || System.nanoTime() < end) {
      for (int l = 0; l + 1 < layers.length; l++) {
        int in = layers[l];
        int o = layers[l + 1];
        Blas.dgemm(false, false, batch, o, in, 1, act, 0, in, w[l], 0, o, 0, out, 0, o);
        Blas.dgemm(true, false, in, o, batch, 1, act, 0, in, out, 0, o, 0, g[l], 0, o);
        flops += 4.0 * batch * in * o;
        if (l > 0) {
          Blas.dgemm(false, true, batch, in, o, 1, out, 0, o, w[l], 0, o, 0, act, 0, in);
          flops += 2.0 * batch * in * o;
        }
      }
      reps++;
    }
    return flops;
  }

  private static float[] randomFloats(int n, Random random) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextGaussian() * 0.05);
    }
    return a;
  }

  private static double[] randomDoubles(int n, Random random) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextGaussian() * 0.05;
    }
    return a;
  }
}
