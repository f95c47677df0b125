package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.app.RawConnection.Ending;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow and hostile clients cannot hold the server: a refused key is answered from the head, and its connection
 * closed unread unless its body is short (then read, dropped, and the connection kept for the next request), an admitted body that stalls is answered 408, connections that send no head or sit idle are closed,
 * and the process keeps to its connection cap, where connections that send nothing give way to a new one; meanwhile a
 * normal request is served promptly.
 */
class ConnectionBoundsTest extends GatewayTest {
  private static final long HEAD_MS = 1000;
  private static final long BODY_MS = 1500;
  private static final long IDLE_MS = 1500;
  private static final int MAX_CONNECTIONS = 400;
  /** A timer fires (and 250 connections are opened) on a busy 2-core machine within this of its time. */
  private static final long SLACK_MS = 3000;
  /** What each stalled client sends of the 9 MB its head announces. */
  private static final int SENT_BYTES = 256 * 1024;

  @Override
  protected JsonObject overrides() {
    // its 200 unknown keys at once from one address are each to be read and refused 401, not held to a share of reads
    return new JsonObject().put("http", new JsonObject().put("headTimeoutMs", HEAD_MS).put("bodyTimeoutMs", BODY_MS)
      .put("idleTimeoutMs", IDLE_MS).put("maxConnections", MAX_CONNECTIONS))
      .put("auth", new JsonObject().put("maxKeyLookupsPerAddress", 256));
  }

  @Test
  void stalledBodiesAreAnsweredAndClosedInTimeWhileNormalRequestsAreServed() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    Buffer part = Buffer.buffer("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"")
      .appendBuffer(Buffer.buffer(new byte[SENT_BYTES]));
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status(), "warm");
    long heapBefore = usedHeapAfterGc();
    double bodyTimeouts = refused("body_timeout");

    List<RawConnection> badKeys = new ArrayList<>();
    List<RawConnection> goodKeys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String key = i < 200 ? "sb-unknown-key-" + String.format("%05d", i) : CLIENT_KEY;
      Buffer bytes = Buffer.buffer(RawConnection.postHead("/v1/chat/completions", 9_000_000,
        "Authorization: Bearer " + key)).appendBuffer(part);
      (i < 200 ? badKeys : goodKeys).add(RawConnection.open(gw.vertx, raw, gw.port, bytes));
    }
    List<RawConnection> all = new ArrayList<>(badKeys);
    all.addAll(goodKeys);
    Future.join(all.stream().map(RawConnection::written).toList()).await(10, TimeUnit.SECONDS);
    long heapStalled = usedHeapAfterGc();

    long slowest = 0;
    int probes = 0;
    Future<?> closed = Future.join(all.stream().map(RawConnection::ending).toList());
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BODY_MS + SLACK_MS);
    while (!closed.isComplete() && System.nanoTime() < until) {
      long start = System.nanoTime();
      GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null))
        .await(5, TimeUnit.SECONDS);
      assertEquals(200, reply.status());
      slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      probes++;
      Thread.sleep(100);
    }
    closed.await(1, TimeUnit.SECONDS);

    assertTrue(slowest < 1000, "a normal request took " + slowest + " ms while " + all.size() + " clients stalled");
    assertTrue(probes >= 5, "normal requests ran throughout: " + probes);
    assertTrue(heapStalled - heapBefore < 50L * 1024 * 1024,
      "heap grew by " + (heapStalled - heapBefore) / 1024 / 1024 + " MiB");
    for (RawConnection connection : badKeys) {
      Ending ending = connection.ending().result();
      assertEquals("HTTP/1.1 401 Unauthorized", ending.statusLine(), ending.answer());
      assertEquals("invalid_api_key", new JsonObject(ending.body()).getJsonObject("error").getString("code"));
      assertTrue(ending.closedMs() < BODY_MS + SLACK_MS, "closed after " + ending.closedMs() + " ms");
    }
    for (RawConnection connection : goodKeys) {
      Ending ending = connection.ending().result();
      assertEquals("HTTP/1.1 408 Request Timeout", ending.statusLine(), ending.answer());
      assertEquals("request_timeout", new JsonObject(ending.body()).getJsonObject("error").getString("code"));
      assertTrue(ending.answeredMs() >= BODY_MS && ending.closedMs() < BODY_MS + SLACK_MS,
        "answered after " + ending.answeredMs() + " ms, closed after " + ending.closedMs() + " ms");
    }
    assertEquals(goodKeys.size(), refused("body_timeout") - bodyTimeouts, 0.0, "refused keys never waited for a body");
  }

  @Test
  void aRefusedKeysShortBodyIsDroppedAndItsConnectionServesTheNextRequest() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    byte[] body = chat(MODEL, false, null).getBytes(StandardCharsets.UTF_8);
    // as a client does that sends its next request on the same connection (here at once, without waiting)
    Buffer bytes = Buffer.buffer(RawConnection.postHead("/v1/chat/completions", body.length,
        "Authorization: Bearer sb-unknown-key-00000")).appendBytes(body)
      .appendString(RawConnection.postHead("/v1/chat/completions", body.length, "Authorization: Bearer " + CLIENT_KEY,
        "Connection: close")).appendBytes(body);
    Ending ending = RawConnection.open(gw.vertx, raw, gw.port, bytes).ending().await(BODY_MS + SLACK_MS,
      TimeUnit.MILLISECONDS);

    String answer = ending.answer();
    String refusedHead = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
    assertEquals("HTTP/1.1 401 Unauthorized", ending.statusLine(), answer);
    assertFalse(refusedHead.toLowerCase(Locale.ROOT).contains("connection: close"), "kept open: " + refusedHead);
    int second = answer.indexOf("HTTP/1.1 ", refusedHead.length());
    assertTrue(second > 0, "the next request on the connection was answered: " + answer);
    assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n", second), answer.substring(second));
    assertTrue(answer.contains("\"chat.completion\""), answer.substring(second));
  }

  @Test
  void aRefusedKeyThatExpectsContinueIsNotWaitedForItsBody() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    // answered before it sent its body, such a client may send its next request instead: the connection closes
    Ending ending = RawConnection.open(gw.vertx, raw, gw.port, Buffer.buffer(RawConnection.postHead(
        "/v1/chat/completions", 100, "Authorization: Bearer sb-unknown-key-00000", "Expect: 100-continue")))
      .ending().await(BODY_MS + SLACK_MS, TimeUnit.MILLISECONDS);
    assertEquals("HTTP/1.1 401 Unauthorized", ending.statusLine(), ending.answer());
    assertTrue(ending.answer().toLowerCase(Locale.ROOT).contains("connection: close"), ending.answer());
  }

  @Test
  void connectionsWithoutAHeadOrIdleAfterAnAnswerAreClosed() throws Exception {
    headlessAndIdleConnectionsAreClosed(gw.vertx, gw.port, "POST /v1/chat/completions", HEAD_MS, IDLE_MS, SLACK_MS);
  }

  /**
   * On {@code port}: a connection that sends nothing and one that sends half a head ({@code request} and one header)
   * are closed unanswered after {@code headMs}; one answered is kept alive for {@code idleMs}, then closed.
   */
  static void headlessAndIdleConnectionsAreClosed(Vertx vertx, int port, String request, long headMs, long idleMs,
                                                  long slackMs) throws Exception {
    NetClient raw = vertx.createNetClient(new NetClientOptions());
    RawConnection silent = RawConnection.open(vertx, raw, port, Buffer.buffer());
    RawConnection halfHead = RawConnection.open(vertx, raw, port, Buffer.buffer(request + " HTTP/1.1\r\nHost: x\r\n"));
    RawConnection keptAlive = RawConnection.open(vertx, raw, port,
      Buffer.buffer("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));

    for (RawConnection headless : List.of(silent, halfHead)) {
      Ending ending = headless.ending().await(headMs + slackMs, TimeUnit.MILLISECONDS);
      assertEquals("", ending.answer());
      assertTrue(ending.closedMs() >= headMs, "closed after " + ending.closedMs() + " ms");
    }
    Ending idle = keptAlive.ending().await(idleMs + slackMs, TimeUnit.MILLISECONDS);
    assertEquals("HTTP/1.1 200 OK", idle.statusLine());
    assertTrue(idle.closedMs() >= idleMs, "kept alive between requests for the idle timeout: " + idle.closedMs());
  }

  @Test
  void aConnectionsIdleTimeCountsFromItsLastAnswer() throws Exception {
    NetSocket socket = gw.vertx.createNetClient(new NetClientOptions()).connect(gw.port, "127.0.0.1")
      .await(5, TimeUnit.SECONDS);
    LinkedBlockingQueue<Long> answered = new LinkedBlockingQueue<>();
    Promise<Long> closed = Promise.promise();
    StringBuilder received = new StringBuilder();
    socket.handler(data -> {
      received.append(data.toString());
      int at;
      while ((at = received.indexOf("HTTP/1.1 200 OK")) >= 0) {
        received.delete(0, at + 1);
        answered.add(System.nanoTime());
      }
    });
    socket.closeHandler(v -> closed.tryComplete(System.nanoTime()));
    Buffer healthz = Buffer.buffer("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

    socket.write(healthz);
    assertTrue(answered.poll(5, TimeUnit.SECONDS) != null, "first answer");
    Thread.sleep(IDLE_MS / 2);
    socket.write(healthz);
    Long second = answered.poll(5, TimeUnit.SECONDS);
    assertTrue(second != null, "the connection was still open halfway through its idle time");
    long idleMs = (closed.future().await(IDLE_MS + SLACK_MS, TimeUnit.MILLISECONDS) - second) / 1_000_000;
    // closed a whole idle time after the second answer, not the rest of the first's
    assertTrue(idleMs >= IDLE_MS - 250, "closed " + idleMs + " ms after the second answer");
  }

  @Test
  void connectionsThatSendNothingCannotKeepANewClientOutAtTheCap() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    double refusedBefore = refused("connection_limit");
    List<RawConnection> held = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      held.add(RawConnection.open(gw.vertx, raw, gw.port, Buffer.buffer()));
    }
    Future.join(held.stream().map(RawConnection::written).toList()).await(10, TimeUnit.SECONDS);
    double closedBefore = IdleConnectionsMakeRoomTest.idleClosed();

    // accepted after every one of them (the server accepts in the order of connecting), within their head timeout as
    // the test before this one was: one of them makes room
    Ending served = RawConnection.open(gw.vertx, raw, gw.port, Buffer.buffer("GET /healthz HTTP/1.1\r\nHost: x\r\n"
      + "Connection: close\r\n\r\n")).ending().await(5, TimeUnit.SECONDS);
    assertEquals("HTTP/1.1 200 OK", served.statusLine(), "served at the cap: " + served.answer());
    assertEquals(0, refused("connection_limit") - refusedBefore, "nothing refused");
    assertEquals("", firstClosed(held).ending().result().answer(), "a silent connection closed unanswered for it");
    assertEquals(1, IdleConnectionsMakeRoomTest.idleClosed() - closedBefore, "closed to make room, not timed out");

    Future.join(held.stream().map(RawConnection::ending).toList()).await(HEAD_MS + SLACK_MS, TimeUnit.MILLISECONDS);
    assertEquals(200, gw.get("/healthz", null).await(5, TimeUnit.SECONDS).status(), "served once they left");
  }

  @Test
  void cleartextHttp2IsOffByDefault() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    Ending preface = RawConnection.open(gw.vertx, raw, gw.port, Buffer.buffer("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"))
      .ending().await(HEAD_MS + SLACK_MS, TimeUnit.MILLISECONDS);
    // HTTP/2 would answer with its own preface, a binary SETTINGS frame; Vert.x refuses the method PRI in text
    assertTrue(preface.answer().isEmpty() || preface.statusLine().matches("HTTP/[0-9.]+ [45][0-9][0-9] .*"),
      "an HTTP/2 preface gets no HTTP/2: " + preface.answer());
  }

  /** The first of {@code connections} the server closes (within 5 s). */
  static RawConnection firstClosed(List<RawConnection> connections) throws Exception {
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      for (RawConnection connection : connections) {
        if (connection.ending().isComplete()) {
          return connection;
        }
      }
      assertTrue(System.currentTimeMillis() < deadline, "none was closed");
      Thread.sleep(5);
    }
  }

  private static double refused(String reason) {
    Counter counter = GatewayMetrics.registry().find("sb.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
