package org.rectifier.ml;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Block prediction over Spark's internal rows. Features are read straight from the row's binary
 * vector struct (no {@code DenseVector} per row) and the input columns pass through untouched, so
 * the only per-row work besides the GEMM is writing the outputs. With the external-{@code Row}
 * path about 85% of transform time went to decoding and re-encoding rows.
 */
final class InternalRowPredictor extends BlockPredictor<InternalRow>
    implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

  private static final long serialVersionUID = 1L;

  /** Storage layout of Spark ML's VectorUDT: (type: 0 sparse / 1 dense, size, indices, values). */
  private static final int TYPE = 0;
  private static final int SIZE = 1;
  private static final int INDICES = 2;
  private static final int VALUES = 3;
  private static final byte DENSE = 1;
  private static final VectorUDT VECTOR = new VectorUDT();

  private final int featuresIndex;
  /** Per task: Spark deserializes a fresh copy of this function for every task it runs. */
  private transient UnsafeRow[] slots;

  InternalRowPredictor(ModelCore core, int featuresIndex, String featuresCol, Output[] outputs,
      double[] thresholds) {
    super(core, featuresCol, outputs, thresholds);
    this.featuresIndex = featuresIndex;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> input) {
    return predict(input);
  }

  @Override
  void readFeatures(InternalRow row, float[] x, int offset, long index) {
    if (row.isNullAt(featuresIndex)) {
      throw core.nullFeatures(featuresCol, index);
    }
    InternalRow vector = row.getStruct(featuresIndex, 4);
    ArrayData values = vector.getArray(VALUES);
    int in = core.topology.numInputs();
    int bad = 0;
    if (vector.getByte(TYPE) == DENSE) {
      core.checkFeatureCount(values.numElements(), featuresCol, index);
      for (int i = 0; i < in; i++) {
        float f = (float) values.getDouble(i);
        x[offset + i] = f;
        bad |= ModelCore.nonFinite(f);
      }
      if (bad < 0) {
        throw core.nonFiniteFeature(in, values::getDouble, i -> i, featuresCol, index);
      }
    } else {
      core.checkFeatureCount(vector.getInt(SIZE), featuresCol, index);
      java.util.Arrays.fill(x, offset, offset + in, 0f);
      ArrayData indices = vector.getArray(INDICES);
      int n = indices.numElements();
      for (int k = 0; k < n; k++) {
        int feature = indices.getInt(k);
        core.checkIndex(feature, featuresCol, index);
        float f = (float) values.getDouble(k);
        x[offset + feature] = f;
        bad |= ModelCore.nonFinite(f);
      }
      if (bad < 0) {
        throw core.nonFiniteFeature(n, values::getDouble, indices::getInt, featuresCol, index);
      }
    }
  }

  @Override
  InternalRow retain(InternalRow row, int slot) {
    // Scans reuse one mutable row, so a block of 512 must copy them. Copying into the same
    // slot's buffer block after block, instead of row.copy(), saves allocating and zeroing
    // a new array per row: that allocation was the largest cost of transform after the GEMMs.
    if (!(row instanceof UnsafeRow)) {
      return row.copy();
    }
    if (slots == null) {
      slots = new UnsafeRow[BLOCK_ROWS];
    }
    UnsafeRow kept = slots[slot];
    if (kept == null) {
      kept = ((UnsafeRow) row).copy();
      slots[slot] = kept;
    } else {
      kept.copyFrom((UnsafeRow) row);
    }
    return kept;
  }

  @Override
  InternalRow append(InternalRow row, double[] raw, double[] prob, double value) {
    Object[] values = new Object[outputs.length];
    for (int j = 0; j < outputs.length; j++) {
      switch (outputs[j]) {
        case RAW:
          values[j] = VECTOR.serialize(Vectors.dense(raw));
          break;
        case PROBABILITY:
          values[j] = VECTOR.serialize(Vectors.dense(prob));
          break;
        default:
          values[j] = value;
      }
    }
    return new JoinedRow(row, new GenericInternalRow(values));
  }
}
