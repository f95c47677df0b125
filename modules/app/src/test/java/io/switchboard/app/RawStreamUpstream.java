package io.switchboard.app;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;

/** An upstream account whose stream is exactly the given bytes, written on a raw socket and properly terminated. */
final class RawStreamUpstream {
  private RawStreamUpstream() {
  }

  /**
   * Serves {@code events} to every request, as account {@code name} of kind {@code provider} for {@code model}
   * ({@code path} follows the root in its base URL), and waits until the scheduler routes to it.
   */
  static NetServer serve(GatewayHarness gw, String name, String provider, String path, String model, String events)
      throws Exception {
    NetServer raw = gw.vertx.createNetServer().connectHandler(socket -> socket.handler(request -> {
      Buffer body = Buffer.buffer(events);
      socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n").appendBuffer(body).appendString("\r\n0\r\n\r\n"));
    }));
    int port = raw.listen(0, "127.0.0.1").await().actualPort();
    ModelsPolling.addAccount(gw, name, provider, "http://127.0.0.1:" + port + path, model);
    return raw;
  }
}
