package io.switchboard.app;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/**
 * Clients that write a whole request and leave right after, 0 to 4 ms later: gone before, during or after each step
 * of its handling (the key check, the body read, admission, planning, the upstream call and its head).
 */
final class LeavingClients {
  private LeavingClients() {
  }

  /** {@code clients} connections to {@code gw}, one after another, each writing {@code request} and closing. */
  static void run(GatewayHarness gw, Buffer request, int clients) throws Exception {
    NetClient net = gw.vertx.createNetClient();
    for (int i = 0; i < clients; i++) {
      NetSocket socket = net.connect(gw.port, "127.0.0.1").await();
      socket.write(request).await();
      Thread.sleep(i % 5);
      socket.close().await();
    }
    net.close().await();
  }

  /** A request as a client writes it on its connection, with a content length. */
  static Buffer request(String method, String path, String key, String contentType, Buffer body) {
    return Buffer.buffer(method + " " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer " + key
      + "\r\ncontent-type: " + contentType + "\r\ncontent-length: " + body.length() + "\r\n\r\n").appendBuffer(body);
  }

  /** The metrics once {@code count} more requests than in {@code before} have been counted, or after 10 s. */
  static Scrape awaitCounted(GatewayHarness gw, Scrape before, int count) throws Exception {
    return Scrape.await(() -> scrape(gw), after -> moved(before, after) >= count);
  }

  /** How many more requests {@code after} counts than {@code before}, of those with {@code labels}. */
  static double moved(Scrape before, Scrape after, String... labels) {
    return after.sum("sb_requests_total", labels) - before.sum("sb_requests_total", labels);
  }

  /** The gateway's metrics now (the registry is the process's: earlier tests' requests are in it). */
  static Scrape scrape(GatewayHarness gw) throws Exception {
    return Scrape.parse(gw.get("/metrics", null).await(10, TimeUnit.SECONDS).body().toString());
  }

  /** {@code name}'s sum once it is at most {@code limit}, or after 10 s. */
  static double awaitAtMost(GatewayHarness gw, double limit, String name, String... labels) throws Exception {
    return Scrape.await(() -> scrape(gw), now -> now.sum(name, labels) <= limit).sum(name, labels);
  }

  /** {@code name}'s sum once it is 0, or after 10 s. */
  static double awaitZero(GatewayHarness gw, String name, String... labels) throws Exception {
    return awaitAtMost(gw, 0, name, labels);
  }
}
