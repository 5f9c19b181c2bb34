package org.rectifier.compat;

import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.network.netty.SparkTransportConf;
import org.apache.spark.network.util.TransportConf;
import scala.Option;

/** Spark's transport settings for a module, as Spark 3.5 builds its own (no TLS on RPC there). */
public final class TransportConfs {

  private TransportConfs() {}

  /**
   * The settings of transport module {@code module} ({@code spark.<module>.io.*}) with up to
   * {@code threads} Netty threads per direction.
   */
  public static TransportConf of(SparkConf conf, String module, int threads,
      SecurityManager security) {
    return SparkTransportConf.fromSparkConf(conf, module, threads, Option.empty());
  }

  /** {@link #of(SparkConf, String, int, SecurityManager)} without TLS (tests' probes). */
  public static TransportConf of(SparkConf conf, String module, int threads) {
    return SparkTransportConf.fromSparkConf(conf, module, threads, Option.empty());
  }
}
