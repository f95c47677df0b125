package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With {@code http.h2c} on, each HTTP/2 stream is bounded like an HTTP/1 request: a refused key is answered before
 * its body is read, a stalled body gets 408; the other streams of the connection are served meanwhile.
 */
class H2cBoundsTest extends GatewayTest {
  private static final long BODY_MS = 1000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("h2c", true).put("bodyTimeoutMs", BODY_MS));
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
