package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.app.RawConnection.Ending;
import io.switchboard.testkit.MockBehavior;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With {@code http.h2c} on, each HTTP/2 stream is bounded like an HTTP/1 request: a refused key is answered before
 * its body is read, a stalled body gets 408; the other streams of the connection are served meanwhile. A connection
 * that sends nothing is closed at the head timeout, though Vert.x hands it to the gateway only with a head.
 */
class H2cBoundsTest extends GatewayTest {
  private static final long BODY_MS = 1000;
  private static final long HEAD_MS = 1000;
  /** A timer fires on a busy 2-core machine within this of its time. */
  private static final long SLACK_MS = 3000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("h2c", true).put("bodyTimeoutMs", BODY_MS)
      .put("headTimeoutMs", HEAD_MS));
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAtTheHeadTimeoutAndAnAnswerSlowerThanThatIsNotCut() throws Exception {
    long upstreamMs = 2 * HEAD_MS + 500;
    gw.mock.respondNext(MockBehavior.ok().withHeadersDelayMs(upstreamMs), MockBehavior.ok()
      .withHeadersDelayMs(upstreamMs));
    HttpClient h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(gw.port));
    Future<Reply> slowHttp1 = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null));
    Future<Answer> slowHttp2 = send(h2, chat(MODEL, false, null));
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    RawConnection silent = RawConnection.open(gw.vertx, raw, gw.port, Buffer.buffer());

    Ending closed = silent.ending().await(HEAD_MS + SLACK_MS, TimeUnit.MILLISECONDS);
    assertEquals("", closed.answer());
    assertTrue(closed.closedMs() >= HEAD_MS - 50, "closed after " + closed.closedMs() + " ms");
    // both connections read nothing while their upstream takes longer than the head timeout: neither is closed
    Reply http1 = slowHttp1.await(upstreamMs + SLACK_MS, TimeUnit.MILLISECONDS);
    assertEquals(200, http1.status(), http1.body().toString());
    Answer http2 = slowHttp2.await(upstreamMs + SLACK_MS, TimeUnit.MILLISECONDS);
    assertEquals(HttpVersion.HTTP_2, http2.version());
    assertEquals(200, http2.status(), http2.body());
    assertTrue(http2.ms() >= upstreamMs, "answered after the upstream's " + upstreamMs + " ms: " + http2.ms());
    h2.close();
  }

  @Test
  void eachStreamIsBoundedLikeARequest() throws Exception {
    HttpClient h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(gw.port));
    Future<Answer> refused = stalled(h2, "sb-unknown-key-000000000");
    Future<Answer> slow = stalled(h2, CLIENT_KEY);
    Answer normal = send(h2, chat(MODEL, false, null)).await(5, TimeUnit.SECONDS);

    assertEquals(HttpVersion.HTTP_2, normal.version());
    assertEquals(200, normal.status(), "another stream of the connection is served meanwhile");
    Answer refusal = refused.await(5, TimeUnit.SECONDS);
    assertEquals(401, refusal.status());
    assertTrue(refusal.ms() < BODY_MS, "answered from the head, not after the body: " + refusal.ms() + " ms");
    Answer timeout = slow.await(BODY_MS + 5000, TimeUnit.MILLISECONDS);
    assertEquals(408, timeout.status());
    assertEquals("request_timeout", new JsonObject(timeout.body()).getJsonObject("error").getString("code"));
    assertTrue(timeout.ms() >= BODY_MS, timeout.ms() + " ms");
    h2.close();
  }

  private record Answer(HttpVersion version, int status, String body, long ms) {
  }

  /** A stream whose head announces a body of which only a part is sent: it never ends. */
  private Future<Answer> stalled(HttpClient client, String key) {
    Promise<Answer> answer = Promise.promise();
    long start = System.nanoTime();
    gw.vertx.runOnContext(v -> client.request(options(key)).onSuccess(request -> {
      request.putHeader("content-length", "9000000");
      request.response().compose(response -> answered(response, start)).onComplete(answer);
      request.write(Buffer.buffer("{\"model\":\"" + MODEL + "\",\"messages\":["));
    }).onFailure(answer::fail));
    return answer.future();
  }

  private Future<Answer> send(HttpClient client, String body) {
    Promise<Answer> answer = Promise.promise();
    long start = System.nanoTime();
    gw.vertx.runOnContext(v -> client.request(options(CLIENT_KEY))
      .compose(request -> request.send(body))
      .compose(response -> answered(response, start))
      .onComplete(answer));
    return answer.future();
  }

  private static Future<Answer> answered(HttpClientResponse response, long start) {
    return response.body().map(body -> new Answer(response.version(), response.statusCode(), body.toString(),
      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
  }

  private static RequestOptions options(String key) {
    return new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
      .putHeader("authorization", "Bearer " + key).putHeader("content-type", "application/json");
  }
}
