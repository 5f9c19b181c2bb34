package org.rectifier.compat;

import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.network.netty.SparkTransportConf;
import org.apache.spark.network.util.TransportConf;
import scala.Option;

/**
 * Spark's transport settings for a module, as Spark 4 builds its own: with
 * {@code spark.ssl.rpc.enabled} the operator's RPC TLS settings apply, as to Spark's block
 * transfers.
 */
public final class TransportConfs {

  private TransportConfs() {}

  /**
   * The settings of transport module {@code module} ({@code spark.<module>.io.*}) with up to
   * {@code threads} Netty threads per direction.
   */
  public static TransportConf of(SparkConf conf, String module, int threads,
      SecurityManager security) {
    return SparkTransportConf.fromSparkConf(conf, module, threads, Option.empty(),
        security.isSslRpcEnabled() ? Option.apply(security.getRpcSSLOptions()) : Option.empty());
  }

  /** {@link #of(SparkConf, String, int, SecurityManager)} without TLS (tests' probes). */
  public static TransportConf of(SparkConf conf, String module, int threads) {
    return SparkTransportConf.fromSparkConf(conf, module, threads, Option.empty(), Option.empty());
  }
}
