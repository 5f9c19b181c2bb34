package org.rectifier.train.collective;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.util.TransportConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the collective on Spark's transport: a server that hands every authenticated
 * message to a {@link Handler}, and a factory of (pooled, authenticated) clients to other
 * nodes. Connections that fail the handshake or send bytes that are not Spark frames are closed
 * by Spark's own pipeline before any message reaches the handler; a handler never throws back
 * into Netty, so a stray message cannot disturb the other connections.
 */
final class Endpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  /** What a node does with incoming messages (called on Netty threads). */
  interface Handler {
    /** A one-way message; {@code message} is valid only during the call. */
    void onMessage(TransportClient from, ByteBuffer message);

    /** A request that expects an answer through {@code reply}, now or later. */
    void onRequest(TransportClient from, ByteBuffer message, RpcResponseCallback reply);
  }

  private final TransportContext context;
  private final TransportServer server;
  private final TransportClientFactory clients;
  private final String advertisedHost;

  /**
   * Starts a node.
   *
   * @param bindHost the address to listen on
   * @param advertisedHost the address peers should connect to
   * @param port a port, or 0 for any free one
   * @param threads Netty threads per direction
   */
  Endpoint(SparkConf conf, SecurityManager security, String appId, String bindHost,
      String advertisedHost, int port, int threads, Handler handler) {
    TransportConf transportConf = SparkTransport.conf(conf, threads, security);
    this.context = new TransportContext(transportConf, new Dispatch(handler), true);
    try {
      this.server = context.createServer(bindHost, port,
          SparkTransport.serverBootstraps(transportConf, security));
    } catch (RuntimeException e) {
      context.close();
      throw new UncheckedIOException(new IOException("Rectifier: cannot listen on " + bindHost
          + ":" + port + " for training traffic", e));
    }
    this.clients = context.createClientFactory(
        SparkTransport.clientBootstraps(transportConf, appId, security));
    this.advertisedHost = advertisedHost;
  }

  /** The host peers connect to. */
  String host() {
    return advertisedHost;
  }

  /** The port this node listens on. */
  int port() {
    return server.getPort();
  }

  /** A connected, authenticated client to {@code host:port} (pooled per address). */
  TransportClient client(String host, int port) throws IOException, InterruptedException {
    return clients.createClient(host, port);
  }

  @Override
  public void close() {
    clients.close();
    server.close();
    context.close();
  }

  /** Spark's RPC handler interface over a {@link Handler} that must not fail the channel. */
  private static final class Dispatch extends RpcHandler {
    private final Handler handler;
    private final StreamManager streams = new OneForOneStreamManager();

    Dispatch(Handler handler) {
      this.handler = handler;
    }

    @Override
    public void receive(TransportClient client, ByteBuffer message) {
      try {
        handler.onMessage(client, message);
      } catch (RuntimeException e) {
        LOG.warn("Rectifier: dropped a message from {}: {}", client.getSocketAddress(),
            e.toString());
      }
    }

    @Override
    public void receive(TransportClient client, ByteBuffer message,
        RpcResponseCallback callback) {
      try {
        handler.onRequest(client, message, callback);
      } catch (RuntimeException e) {
        LOG.warn("Rectifier: refused a request from {}: {}", client.getSocketAddress(),
            e.toString());
        callback.onFailure(e);
      }
    }

    @Override
    public StreamManager getStreamManager() {
      return streams;
    }
  }
}
