package org.rectifier.compat;

/**
 * What Spark's Scala code checks for when it needs a serializable object: on Scala 2.12 the
 * trait {@code scala.Serializable} (Spark 3.5 line). The Spark 4 line's copy of this interface
 * extends {@code java.io.Serializable}, to which Scala 2.13 made that trait an alias.
 */
public interface ScalaSerializable extends scala.Serializable {}
