package org.rectifier.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.rectifier.train.InvalidInputException;

/**
 * Validates the rows of one partition and packs them into {@link DataBlock}s. Rows arrive as
 * {@code (features: Vector, label: double, weight: double?, validation: boolean?)}. Every
 * rejected row fails with an {@link InvalidInputException} naming the column, the value, the row
 * and what was expected.
 */
final class RowPacker implements Function2<Integer, Iterator<Row>, Iterator<DataBlock>> {

  private static final long serialVersionUID = 1L;
  /** Target size of one block's feature array, in floats (4 MiB). */
  private static final int BLOCK_FLOATS = 1 << 20;

  private final InputSpec spec;

  RowPacker(InputSpec spec) {
    this.spec = spec;
  }

  @Override
  public Iterator<DataBlock> call(Integer partition, Iterator<Row> rows) {
    List<DataBlock> blocks = new ArrayList<>();
    int numFeatures = spec.numFeatures;
    int capacity = 0;
    float[] x = null;
    float[] y = null;
    float[] w = null;
    int[] held = null;
    int numHeld = 0;
    int filled = 0;
    long firstRow = 0;
    long rowIndex = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      Vector v = features(row, partition, rowIndex);
      if (numFeatures < 0) {
        numFeatures = v.size();
      } else if (v.size() != numFeatures) {
        throw bad(partition, rowIndex, spec.featuresCol, String.format(Locale.ROOT,
            "a vector of size %d, but %s", v.size(), spec.numFeatures >= 0
                ? spec.numFeaturesSource + " is " + numFeatures
                : "earlier rows have size " + numFeatures
                    + " (every features vector must have the same size)"));
      }
      if (x == null) {
        capacity = Math.max(1, BLOCK_FLOATS / Math.max(1, numFeatures));
        x = new float[capacity * numFeatures];
        y = new float[capacity];
        w = spec.weightCol == null ? null : new float[capacity];
      }
      copyFeatures(v, x, filled * numFeatures, partition, rowIndex);
      y[filled] = label(row, partition, rowIndex);
      if (w != null) {
        w[filled] = weight(row, partition, rowIndex);
      }
      if (spec.validationIndicatorCol != null && heldOut(row, partition, rowIndex)) {
        if (held == null || numHeld == held.length) {
          held = held == null ? new int[16] : Arrays.copyOf(held, 2 * held.length);
        }
        held[numHeld++] = filled;
      }
      filled++;
      rowIndex++;
      if (filled == capacity) {
        blocks.add(new DataBlock(firstRow, filled, numFeatures, 1, x, y, w,
            numHeld == 0 ? null : Arrays.copyOf(held, numHeld)));
        firstRow = rowIndex;
        filled = 0;
        numHeld = 0;
        x = null;
      }
    }
    if (filled > 0) {
      blocks.add(new DataBlock(firstRow, filled, numFeatures, 1,
          Arrays.copyOf(x, filled * numFeatures), Arrays.copyOf(y, filled),
          w == null ? null : Arrays.copyOf(w, filled),
          numHeld == 0 ? null : Arrays.copyOf(held, numHeld)));
    }
    return blocks.iterator();
  }

  private Vector features(Row row, int partition, long rowIndex) {
    if (row.isNullAt(0)) {
      throw bad(partition, rowIndex, spec.featuresCol, "null; expected a features vector");
    }
    return (Vector) row.get(0);
  }

  private void copyFeatures(Vector v, float[] x, int offset, int partition, long rowIndex) {
    if (v instanceof DenseVector) {
      double[] values = ((DenseVector) v).values();
      for (int i = 0; i < values.length; i++) {
        x[offset + i] = checked(values[i], i, partition, rowIndex);
      }
    } else {
      SparseVector s = (SparseVector) v;
      Arrays.fill(x, offset, offset + s.size(), 0f);
      int[] indices = s.indices();
      double[] values = s.values();
      for (int k = 0; k < indices.length; k++) {
        x[offset + indices[k]] = checked(values[k], indices[k], partition, rowIndex);
      }
    }
  }

  private float checked(double value, int index, int partition, long rowIndex) {
    float f = (float) value;
    if (!Float.isFinite(f)) {
      throw bad(partition, rowIndex, spec.featuresCol, String.format(Locale.ROOT,
          "%s at index %d; expected finite numbers%s", value, index,
          Double.isFinite(value) ? " (the value overflows float32)" : ""));
    }
    return f;
  }

  private float label(Row row, int partition, long rowIndex) {
    if (row.isNullAt(1)) {
      throw bad(partition, rowIndex, spec.labelCol, "null; expected a "
          + (spec.classification ? "class index" : "number"));
    }
    double label = row.getDouble(1);
    if (!Double.isFinite(label)) {
      throw bad(partition, rowIndex, spec.labelCol, label + "; expected a finite number");
    }
    if (spec.classification) {
      if (label < 0 || label != Math.rint(label)) {
        throw bad(partition, rowIndex, spec.labelCol,
            label + "; expected a class index: a whole number >= 0");
      }
      if (spec.numClasses > 0 && label >= spec.numClasses) {
        throw bad(partition, rowIndex, spec.labelCol, String.format(Locale.ROOT,
            "%s, beyond the output layer: %s is %d, so labels must be in [0, %d]",
            label, spec.numClassesSource, spec.numClasses, spec.numClasses - 1));
      }
      if (label > (1 << 24)) {
        throw bad(partition, rowIndex, spec.labelCol, label + "; expected at most 2^24 classes");
      }
    }
    return (float) label;
  }

  private float weight(Row row, int partition, long rowIndex) {
    if (row.isNullAt(2)) {
      throw bad(partition, rowIndex, spec.weightCol, "null; expected a weight >= 0");
    }
    double weight = row.getDouble(2);
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw bad(partition, rowIndex, spec.weightCol,
          weight + "; expected a finite weight >= 0");
    }
    return (float) weight;
  }

  private boolean heldOut(Row row, int partition, long rowIndex) {
    int column = spec.weightCol == null ? 2 : 3;
    if (row.isNullAt(column)) {
      throw bad(partition, rowIndex, spec.validationIndicatorCol,
          "null; expected true (a validation row) or false (a training row)");
    }
    return row.getBoolean(column);
  }

  private static InvalidInputException bad(int partition, long rowIndex, String column,
      String what) {
    return new InvalidInputException(String.format(Locale.ROOT,
        "Column '%s', row %d of partition %d: %s", column, rowIndex, partition, what));
  }
}
