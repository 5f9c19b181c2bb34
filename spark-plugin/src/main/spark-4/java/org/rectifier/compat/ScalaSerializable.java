package org.rectifier.compat;

/**
 * What Spark's Scala code checks for when it needs a serializable object: on Scala 2.13
 * {@code scala.Serializable} is an alias of {@code java.io.Serializable} (Spark 4 line). The
 * Spark 3.5 line's copy of this interface extends the Scala 2.12 trait.
 */
public interface ScalaSerializable extends java.io.Serializable {}
