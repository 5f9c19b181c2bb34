package org.rectifier.nn;

/**
 * A {@link Network}'s dropout in one training pass: the dropped copies of the inputs and hidden
 * outputs that the next dense layer reads. Masks are drawn a row at a time where they are
 * applied ({@link DropoutMasks#apply}), in the forward pass on the activations and again in the
 * backward pass on their gradients: drawing a row's mask as it multiplies costs less than
 * keeping a block of masks next to the GEMMs' operands in cache. Buffers are reused from batch to batch.
 */
final class DropoutLayer {

  private final Topology topology;
  /** Per hidden layer, the dropped outputs; null for a layer without dropout. */
  private final float[][] dropped;
  private float[] droppedInput;
  private DropoutMasks masks;
  private int epoch;
  private long[] globalRows;
  private int rowFrom;
  private int rows;

  DropoutLayer(Topology topology) {
    this.topology = topology;
    this.dropped = new float[topology.numLayers() - 1][];
  }

  /**
   * Starts a pass over {@code rows} rows, batch row {@code i} being global row
   * {@code globalRows[rowFrom + i]}; returns the features to feed the first layer ({@code x}
   * itself, or its dropped copy).
   */
  float[] begin(DropoutMasks masks, int epoch, long[] globalRows, int rowFrom, int rows,
      float[] x) {
    this.masks = masks;
    this.epoch = epoch;
    this.globalRows = globalRows;
    this.rowFrom = rowFrom;
    this.rows = rows;
    if (masks.rate(-1) == 0) {
      return x;
    }
    int in = topology.numInputs();
    if (droppedInput == null || droppedInput.length < rows * in) {
      droppedInput = new float[rows * in];
    }
    masks.apply(epoch, -1, globalRows, rowFrom, rows, in, x, droppedInput);
    return droppedInput;
  }

  /** Drops hidden layer {@code l}'s outputs {@code a}; returns what the next layer reads. */
  float[] forward(int l, float[] a) {
    if (masks.rate(l) == 0) {
      return a;
    }
    int width = topology.fanOut(l);
    if (dropped[l] == null || dropped[l].length < rows * width) {
      dropped[l] = new float[rows * width];
    }
    masks.apply(epoch, l, globalRows, rowFrom, rows, width, a, dropped[l]);
    return dropped[l];
  }

  /**
   * Turns {@code delta}, d(loss)/d(dropped output of hidden layer l), into d(loss)/d(output)
   * in place: times the same mask factors.
   */
  void backward(int l, float[] delta) {
    if (masks.rate(l) != 0) {
      masks.apply(epoch, l, globalRows, rowFrom, rows, topology.fanOut(l), delta, delta);
    }
  }
}
