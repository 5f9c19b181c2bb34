package org.rectifier.train.collective;

import java.util.Collections;
import java.util.List;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.crypto.AuthServerBootstrap;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.apache.spark.network.util.TransportConf;
import org.rectifier.compat.TransportConfs;

/**
 * Where the collective meets Spark's network layer: the transport settings and the
 * authentication bootstraps, configured exactly as Spark configures its own block transfer
 * service. With {@code spark.authenticate} a peer must prove it holds the application's secret
 * in Spark's handshake (the secret itself never crosses the wire), and with
 * {@code spark.network.crypto.enabled} every byte after the handshake is encrypted; without
 * them, like Spark's own ports, the transport is plain TCP.
 *
 * <p>Settings are read under the module name {@value #MODULE}, so an operator can tune them as
 * Spark's other modules: {@code spark.rectifier.io.serverThreads},
 * {@code spark.rectifier.io.connectionTimeout} (default {@code spark.network.timeout}), ...
 */
final class SparkTransport {

  /** Transport module name: Spark reads {@code spark.<module>.io.*} settings under it. */
  static final String MODULE = "rectifier";

  private SparkTransport() {}

  /** Transport settings, with up to {@code threads} Netty threads per direction. */
  static TransportConf conf(SparkConf sparkConf, int threads, SecurityManager security) {
    return TransportConfs.of(sparkConf, MODULE, threads, security);
  }

  /** What a server must run on every new connection before it hears a message. */
  static List<TransportServerBootstrap> serverBootstraps(TransportConf conf,
      SecurityManager security) {
    if (!security.isAuthenticationEnabled()) {
      return Collections.emptyList();
    }
    return Collections.singletonList(new AuthServerBootstrap(conf, security));
  }

  /** What a client must run on every new connection before it sends a message. */
  static List<TransportClientBootstrap> clientBootstraps(TransportConf conf, String appId,
      SecurityManager security) {
    if (!security.isAuthenticationEnabled()) {
      return Collections.emptyList();
    }
    return Collections.singletonList(new AuthClientBootstrap(conf, appId, security));
  }
}
