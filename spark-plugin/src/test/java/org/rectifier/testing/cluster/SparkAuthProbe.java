package org.rectifier.testing.cluster;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.util.TransportConf;

/**
 * A client that speaks Spark's real authentication handshake ({@code org.apache.spark.network}
 * with {@link AuthClientBootstrap}, as executors do) with a secret of the test's choosing, to
 * prove that a Spark port refuses strangers and accepts the holder of the secret.
 *
 * <pre>{@code
 * SparkAuthProbe.Result r = SparkAuthProbe.probe("127.0.0.1", driverPort,
 *     SparkAuthProbe.RPC_USER, "wrong", Map.of("spark.network.crypto.enabled", "true"));
 * assertFalse(r.authenticated(), r.toString());
 * }</pre>
 *
 * <p>The app id doubles as the SASL user: Spark's RPC ports (driver, master, workers) expect
 * {@link #RPC_USER}; block transfer services expect the application id.
 */
public final class SparkAuthProbe {

  /** The user name Spark's SecurityManager uses on RPC connections. */
  public static final String RPC_USER = "sparkSaslUser";

  /**
   * What the handshake gave.
   *
   * @param authenticated true if the server accepted the handshake
   * @param error the causes' messages when it did not (e.g. "Authentication failed."), else ""
   */
  public record Result(boolean authenticated, String error) {}

  private SparkAuthProbe() {}

  /**
   * Connects and authenticates with {@code secret}, with a 10 s bound on connecting and on the
   * handshake. {@code conf} holds settings that must match the server's, chiefly
   * {@code spark.network.crypto.enabled} (Spark's AES-based protocol when true, SASL when
   * false). SASL fallback is off unless {@code conf} turns it on, so that a refusal by Spark's
   * protocol is reported as such rather than masked by a second, SASL attempt on a closed
   * channel.
   */
  public static Result probe(String host, int port, String appId, String secret,
      Map<String, String> conf) {
    SparkConf sparkConf = new SparkConf(false)
        .set("spark.authenticate", "true")
        .set("spark.network.crypto.saslFallback", "false")
        .set("spark.rpc.io.connectionTimeout", "10s")
        .set("spark.network.auth.rpcTimeout", "10s");
    for (Map.Entry<String, String> e : conf.entrySet()) {
      sparkConf.set(e.getKey(), e.getValue());
    }
    TransportConf transportConf = org.rectifier.compat.TransportConfs.of(sparkConf, "rpc", 1);
    SecretKeyHolder keys = new SecretKeyHolder() {
      @Override
      public String getSaslUser(String app) {
        return appId;
      }

      @Override
      public String getSecretKey(String app) {
        return secret;
      }
    };
    try (TransportContext context = new TransportContext(transportConf, new NoOpRpcHandler());
        TransportClientFactory factory = context.createClientFactory(
            List.of(new AuthClientBootstrap(transportConf, appId, keys)));
        TransportClient client = factory.createUnmanagedClient(host, port)) {
      // Bootstraps run inside createClient: reaching here means the server accepted us.
      return new Result(client.isActive(), client.isActive() ? "" : "channel closed after auth");
    } catch (Exception e) {
      return new Result(false, causes(e));
    }
  }

  /** {@link #probe(String, int, String, String, Map)} with default transport settings. */
  public static Result probe(String host, int port, String appId, String secret) {
    return probe(host, port, appId, secret, Map.of());
  }

  private static String causes(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (s.length() > 0) {
        s.append(" <- ");
      }
      s.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return s.toString();
  }
}
