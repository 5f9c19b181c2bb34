package org.rectifier.ml;

/**
 * Hands a uid to {@code uid()} while a Spark superclass is still being constructed.
 *
 * <p>Spark's Scala traits create their params ({@code featuresCol}, ...) inside the superclass
 * constructor, and each param records {@code parent.uid()} at that moment. A Java subclass cannot
 * assign a field before {@code super()}, so the constructor parks the uid here first (in the
 * arguments of a {@code this(...)} call), {@code uid()} picks it up, and the constructor body
 * clears it.
 */
final class UidBinding {

  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private UidBinding() {}

  /** Parks {@code uid} for the superclass constructor that is about to run. */
  static String bind(String uid) {
    PENDING.set(uid);
    return uid;
  }

  /** The parked uid; only valid during construction. */
  static String pending() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("uid() called before construction bound a uid");
    }
    return uid;
  }

  /** Clears the parked uid once the object has its own. */
  static void release() {
    PENDING.remove();
  }
}
