package org.rectifier.train.step;

/**
 * How a step cuts the flat parameter vector: into chunks of {@link #SIZE} parameters. Every sum
 * over parameters that the history reports (the L2 penalty, the per-layer gradient norms) is
 * summed within each chunk, then over chunks in order, and every split of the vector among
 * workers (local tasks, shard owners) falls on chunk boundaries. So those sums have the same
 * bits however many workers share a step, and a chunk's sum, update and float copy stay in
 * cache instead of streaming the whole vector through memory once per pass.
 */
public final class Chunks {

  /** Parameters per chunk. */
  public static final int SIZE = 2048;

  private Chunks() {}

  /** Chunks over {@code numParams} parameters (the last may be short). */
  public static int count(int numParams) {
    return (numParams + SIZE - 1) / SIZE;
  }

  /**
   * Where part {@code part} of {@code parts} starts when {@code numParams} parameters are split
   * into {@code parts} contiguous ranges of whole chunks; {@code part == parts} gives the end.
   * Parts differ by at most one chunk; with fewer chunks than parts, some parts are empty.
   */
  public static int rangeStart(int numParams, int part, int parts) {
    return (int) Math.min(numParams, (long) count(numParams) * part / parts * SIZE);
  }
}
