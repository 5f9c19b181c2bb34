package org.rectifier.ml.params;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import scala.runtime.AbstractFunction1;

/**
 * A param validator that, unlike Spark's {@code ParamValidators}, says what was expected: it
 * throws {@code IllegalArgumentException("<param> given invalid value <v>; expected <rule>")}
 * instead of returning false. Serializable because models travel inside Spark closures.
 *
 * @param <T> the param's value type as Spark stores it
 */
public final class Check<T> extends AbstractFunction1<T, Object> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A serializable predicate. */
  public interface Rule<T> extends Serializable {
    /** Whether {@code value} is acceptable. */
    boolean test(T value);
  }

  private final String param;
  private final String expected;
  private final Rule<T> rule;

  private Check(String param, String expected, Rule<T> rule) {
    this.param = param;
    this.expected = expected;
    this.rule = rule;
  }

  /** A validator for {@code param} accepting values that pass {@code rule}. */
  public static <T> Check<T> of(String param, String expected, Rule<T> rule) {
    return new Check<>(param, expected, rule);
  }

  @Override
  public Object apply(T value) {
    if (value == null || !rule.test(value)) {
      throw new IllegalArgumentException(
          "Param " + param + " given invalid value " + show(value) + "; expected " + expected);
    }
    return Boolean.TRUE;
  }

  private static String show(Object value) {
    if (value instanceof int[]) {
      return Arrays.toString((int[]) value);
    }
    if (value instanceof double[]) {
      return Arrays.toString((double[]) value);
    }
    if (value instanceof String) {
      return "'" + value + "'";
    }
    if (value instanceof Vector) {
      Vector v = (Vector) value;
      return v.size() <= 10 ? v.toString() : "a vector of size " + v.size();
    }
    return String.valueOf(value);
  }

  /** True when every value is finite. */
  static boolean allFinite(Vector v) {
    for (double d : v.toArray()) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }
}
