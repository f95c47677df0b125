package io.switchboard.app;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.TCPMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link HttpServerMeters} and {@link HttpClientMeters} share: connections and bytes counted on Vert.x' own
 * meters ({@code connections}), and a websocket leaving the open-websockets gauge it was counted on.
 */
abstract class HttpConnectionMeters implements TCPMetrics<Object> {
  private final TCPMetrics<Object> connections;

  @SuppressWarnings("unchecked")
  HttpConnectionMeters(TCPMetrics<?> connections) {
    this.connections = (TCPMetrics<Object>) connections;
  }

  /** A websocket closed: it leaves the gauge {@link HttpRequestMeters#websockets()} gave it. */
  public void disconnected(LongAdder websockets) {
    websockets.decrement();
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return connections.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socket, SocketAddress remoteAddress) {
    connections.disconnected(socket, remoteAddress);
  }

  @Override
  public void bytesRead(Object socket, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesRead(socket, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socket, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesWritten(socket, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socket, SocketAddress remoteAddress, Throwable t) {
    connections.exceptionOccurred(socket, remoteAddress, t);
  }

  @Override
  public void close() {
    connections.close();
  }
}
