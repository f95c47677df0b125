package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback HTTP CONNECT proxy for tests: it answers {@code CONNECT host:port} with 200 and then relays bytes both
 * ways, recording each tunnel's target and {@code Proxy-Authorization} header.
 */
final class ConnectProxy {
  /** One tunnel opened through the proxy. */
  record Tunnel(String target, String authorization) {
  }

  private final Vertx vertx;
  private final List<Tunnel> tunnels = new ArrayList<>();
  private NetServer server;

  private ConnectProxy(Vertx vertx) {
    this.vertx = vertx;
  }

  static Future<ConnectProxy> start(Vertx vertx) {
    ConnectProxy proxy = new ConnectProxy(vertx);
    proxy.server = vertx.createNetServer().connectHandler(proxy::accept);
    return proxy.server.listen(0, "127.0.0.1").map(s -> proxy);
  }

  int port() {
    return server.actualPort();
  }

  synchronized List<Tunnel> tunnels() {
    return List.copyOf(tunnels);
  }

  Future<Void> close() {
    return server.close();
  }

  private void accept(NetSocket client) {
    Buffer head = Buffer.buffer();
    client.handler(data -> {
      head.appendBuffer(data);
      String text = head.toString();
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      client.handler(null);
      client.pause();
      String[] lines = text.substring(0, end).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      if (!requestLine[0].equals("CONNECT")) {
        client.end(Buffer.buffer("HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n"));
        return;
      }
      String authorization = null;
      for (String line : lines) {
        if (line.toLowerCase().startsWith("proxy-authorization:")) {
          authorization = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      synchronized (this) {
        tunnels.add(new Tunnel(requestLine[1], authorization));
      }
      String[] target = requestLine[1].split(":");
      vertx.createNetClient().connect(Integer.parseInt(target[1]), target[0]).onSuccess(upstream -> {
        client.write(Buffer.buffer("HTTP/1.1 200 Connection established\r\n\r\n"));
        if (head.length() > end + 4) {
          upstream.write(head.getBuffer(end + 4, head.length()));
        }
        client.handler(upstream::write);
        upstream.handler(client::write);
        client.closeHandler(v -> upstream.close());
        upstream.closeHandler(v -> client.close());
        client.resume();
      }).onFailure(failure -> client.end(Buffer.buffer("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n")));
    });
  }
}
