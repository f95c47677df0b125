package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.switchboard.api.StreamControl;
import io.switchboard.api.StreamFrame;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A provider that disappears mid-stream never leaves a client hanging: the ingress notices the provider no longer
 * answers and ends the stream in-band, within its liveness check and one control timeout.
 */
class StreamLivenessTest extends GatewayTest {
  private static final long LIVENESS_MS = 300;
  private static final long CONTROL_MS = 1000;
  /** Silence noticed within two checks, then one unanswered check: the most a client may wait, and some slack. */
  private static final long BOUND_MS = 2 * LIVENESS_MS + CONTROL_MS + 2000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("ingress", new JsonObject().put("streamLivenessMs", LIVENESS_MS)
      .put("controlTimeoutMs", CONTROL_MS));
  }

  @Test
  void aProviderUndeployedMidStreamEndsTheStreamInBand() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(500).withChunkDelayMs(20));
    Promise<Void> firstData = Promise.promise();
    Buffer received = Buffer.buffer();
    Promise<Void> ended = Promise.promise();
    gw.vertx.getOrCreateContext().runOnContext(onContext ->
      gw.client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)))
        .onSuccess(resp -> {
          resp.handler(data -> {
            received.appendBuffer(data);
            firstData.tryComplete();
          });
          resp.endHandler(v -> ended.tryComplete());
          resp.exceptionHandler(ended::tryFail);
        }));
    firstData.future().await();

    long start = System.nanoTime();
    gw.gateway.undeploy("providers.openai").await();
    ended.future().await(BOUND_MS, TimeUnit.MILLISECONDS);

    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < BOUND_MS, "no hang");
    String body = received.toString();
    assertTrue(body.startsWith("data: ") && body.contains(MockUpstream.token(0)), body);
    assertTrue(body.contains("data: {\"error\":"), "an in-band error in OpenAI's shape: " + body);
    assertFalse(body.contains("[DONE]"), body);
    // a provider closing its upstream connections as it goes still tells the stream (stream_error); one that cannot
    // is found gone by the ingress (provider_lost): either way the client is told and the row says why
    assertEquals(List.of("200|UPSTREAM_ERROR|t"), awaitRows("select concat_ws('|', status, outcome, "
      + "error_class in ('stream_error', 'provider_lost')) from usage_log", 1));
  }

  @Test
  void framesThatStopWithoutAnEndFromAProviderThatNoLongerAnswersEndTheStreamInBand() throws Exception {
    // a provider that starts a stream, sends two frames and is then cut off: no END, and its control address is mute
    gw.gateway.undeploy("providers.openai").await();
    gw.vertx.eventBus().<ProviderCall>consumer(Addresses.provider(ProviderKind.OPENAI), call -> {
      String id = call.body().requestId();
      gw.vertx.eventBus().<StreamControl>consumer(Addresses.streamControl(id), ignored -> { }).completion()
        .onSuccess(v -> {
          call.reply(ProviderHead.streaming(200, Map.of()));
          gw.vertx.setTimer(20, t -> {
            gw.vertx.eventBus().send(Addresses.stream(id), StreamFrame.data(1, sse(0)));
            gw.vertx.eventBus().send(Addresses.stream(id), StreamFrame.data(2, sse(1)));
          });
        });
    }).completion().await();

    long start = System.nanoTime();
    Future<Reply> reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null));
    Reply answered = reply.await(BOUND_MS, TimeUnit.MILLISECONDS);

    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < BOUND_MS, "no hang");
    assertEquals(200, answered.status());
    String body = answered.body().toString();
    assertTrue(body.startsWith(sse(0).toString() + sse(1)), body);
    assertTrue(body.contains("data: {\"error\":"), "then an in-band error in OpenAI's shape: " + body);
    assertEquals(List.of("200|UPSTREAM_ERROR|provider_lost"), awaitRows("select concat_ws('|', status, outcome, "
      + "error_class) from usage_log", 1));
  }

  private static Buffer sse(int i) {
    return Buffer.buffer("data: " + MockUpstream.chunkJson(MODEL, MockUpstream.contentDelta(i), "null", false) + "\n\n");
  }
}
