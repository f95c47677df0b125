package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/**
 * The mock's OpenAI replies and its generic behaviours. Every exchange goes through {@link MockClient}, which sets the
 * response handlers in the same event-loop task that sends the request.
 */
class MockUpstreamTest extends MockRouteTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"gpt-test\",\"system_fingerprint\":null,";
  private static final String DONE = "data: [DONE]\n\n";
  private static final String STREAM = "{\"model\":\"gpt-test\",\"stream\":true}";

  @Test
  void nonStreamReturnsCompletionWithUsage(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(2).withUsage(7, 5, 3));
    client.post(CHAT, "{\"model\":\"gpt-test\",\"messages\":[]}")
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(200, r.status());
          assertEquals("application/json", r.contentType());
          assertEquals("{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,"
              + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"tok0 tok1 \",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12,"
              + "\"prompt_tokens_details\":{\"cached_tokens\":3},"
              + "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"system_fingerprint\":null}", r.text());
          testContext.completeNow();
        })));
  }

  @Test
  void completionTokensFollowChunksByDefault(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(4));
    client.post(CHAT, "{\"model\":\"gpt-test\"}")
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          JsonObject usage = r.json().getJsonObject("usage");
          assertEquals(11, usage.getInteger("prompt_tokens"));
          assertEquals(4, usage.getInteger("completion_tokens"));
          assertEquals(15, usage.getInteger("total_tokens"));
          assertEquals(0, usage.getJsonObject("prompt_tokens_details").getInteger("cached_tokens"));
          testContext.completeNow();
        })));
  }

  @Test
  void streamWithIncludeUsageSendsOpenAiEventSequence(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(2).withUsage(7, 2, 3));
    String request = "{\"model\":\"gpt-test\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    client.post(CHAT, request)
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          String expected = CHUNK_HEAD
              + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"tok0 \"},"
              + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
              + CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok1 \"},"
              + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
              + CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{},"
              + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
              + CHUNK_HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,"
              + "\"total_tokens\":9,\"prompt_tokens_details\":{\"cached_tokens\":3},"
              + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
              + DONE;
          assertEquals(200, r.status());
          assertEquals("text/event-stream", r.contentType());
          assertEquals(expected, r.text());
          assertEquals(expected, mock.lastStreamBody().toString());
          testContext.completeNow();
        })));
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsage(VertxTestContext testContext) {
    client.post(CHAT, STREAM)
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          String expected = CHUNK_HEAD
              + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"tok0 \"},"
              + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
              + CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok1 \"},"
              + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
              + CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok2 \"},"
              + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
              + CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{},"
              + "\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
              + DONE;
          assertEquals(expected, r.text());
          assertFalse(r.text().contains("\"usage\""));
          testContext.completeNow();
        })));
  }

  @Test
  void errorStatusSendsErrorBody(VertxTestContext testContext) {
    String custom = "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":null}}";
    mock.respond(MockBehavior.ok().withStatus(429, custom));
    client.post(CHAT, STREAM)
        .compose(limited -> {
          mock.respond(MockBehavior.ok().withStatus(500));
          return client.post(CHAT, "{\"model\":\"gpt-test\"}").map(failed -> new Reply[] {limited, failed});
        })
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(429, r[0].status());
          assertEquals("application/json", r[0].contentType());
          assertEquals(custom, r[0].text());
          assertEquals(500, r[1].status());
          assertEquals("{\"error\":{\"message\":\"mock failure\",\"type\":\"server_error\","
              + "\"param\":null,\"code\":null}}", r[1].text());
          testContext.completeNow();
        })));
  }

  @Test
  void modelsListAndUnknownRoute(VertxTestContext testContext) {
    client.get("/v1/models")
        .compose(models -> client.get("/v1/nope").map(missing -> new Reply[] {models, missing}))
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          JsonObject list = r[0].json();
          assertEquals(200, r[0].status());
          assertEquals("list", list.getString("object"));
          assertEquals("gpt-4o-mini", list.getJsonArray("data").getJsonObject(0).getString("id"));
          assertEquals(404, r[1].status());
          assertEquals("invalid_request_error", r[1].json().getJsonObject("error").getString("type"));
          testContext.completeNow();
        })));
  }

  @Test
  void abortAfterChunksClosesConnectionBeforeDone(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(5).withAbortAfterChunks(2));
    client.cutShort(CHAT, STREAM)
        .onComplete(testContext.succeeding(received -> testContext.verify(() -> {
          String text = received.toString();
          assertEquals(2, text.split("\n\n").length);
          assertTrue(text.contains("\"content\":\"tok1 \""));
          assertFalse(text.contains("tok2"));
          assertFalse(text.contains("[DONE]"));
          assertEquals(text, mock.lastStreamBody().toString());
          assertEquals(0, mock.closedEarly());
          testContext.completeNow();
        })));
  }

  @Test
  void clientClosingMidStreamCountsAsClosedEarly(Vertx vertx, VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(100).withChunkDelayMs(20));
    client.onLoop(() -> client.open(client.options(HttpMethod.POST, CHAT), STREAM)
        .map(resp -> resp.handler(first -> resp.request().connection().close())))
        .onComplete(testContext.succeeding(resp -> {}));
    long deadline = System.currentTimeMillis() + 5_000;
    vertx.setPeriodic(10, id -> {
      if (mock.closedEarly() == 0 && System.currentTimeMillis() < deadline) {
        return;
      }
      vertx.cancelTimer(id);
      int written = mock.lastStreamBody().length();
      // the mock must have stopped writing: nothing more appears after the close was noticed
      vertx.setTimer(100, t -> testContext.verify(() -> {
        assertEquals(1, mock.closedEarly());
        assertEquals(written, mock.lastStreamBody().length());
        assertFalse(mock.lastStreamBody().toString().contains("[DONE]"));
        testContext.completeNow();
      }));
    });
  }

  @Test
  void receivedRecordsRequestsAndResetClearsThem(VertxTestContext testContext) {
    RequestOptions options = client.options(HttpMethod.POST, CHAT + "?api-version=1")
        .putHeader("authorization", "Bearer sk-test")
        .putHeader("x-trace", "abc");
    String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    client.send(options, body)
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(1, mock.received().size());
          ReceivedRequest got = mock.received().get(0);
          assertEquals("POST", got.method());
          assertEquals(CHAT, got.path());
          assertEquals("api-version=1", got.query());
          assertEquals("Bearer sk-test", got.headers().get("Authorization"));
          assertEquals("abc", got.headers().get("x-trace"));
          assertEquals(body, got.body().toString());
          assertEquals("hi", got.json().getJsonArray("messages").getJsonObject(0).getString("content"));
          mock.reset();
          assertTrue(mock.received().isEmpty());
          assertEquals(0, mock.closedEarly());
          testContext.completeNow();
        })));
  }

  @Test
  void headersDelayHoldsBackTheResponse(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withHeadersDelayMs(200));
    long started = System.nanoTime();
    client.onLoop(() -> client.open(client.options(HttpMethod.POST, CHAT), "{\"model\":\"gpt-test\"}"))
        .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
          assertTrue((System.nanoTime() - started) / 1_000_000 >= 200);
          assertEquals(200, resp.statusCode());
          testContext.completeNow();
        })));
  }

  @Test
  void hundredThousandChunksReachAPausedClient(Vertx vertx, VertxTestContext testContext) {
    int chunks = 100_000;
    mock.respond(MockBehavior.ok().withChunks(chunks).withRecordBody(false));
    long[] newlines = {0};
    Buffer tail = Buffer.buffer();
    client.onLoop(() -> client.open(client.options(HttpMethod.POST, CHAT), STREAM)
        .compose(resp -> {
          // a paused client fills the mock's write queue, forcing it to wait for drain
          resp.pause();
          vertx.setTimer(300, t -> resp.resume());
          resp.handler(buf -> {
            for (int i = 0; i < buf.length(); i++) {
              if (buf.getByte(i) == '\n') {
                newlines[0]++;
              }
            }
            tail.appendBuffer(buf.slice(Math.max(0, buf.length() - DONE.length()), buf.length()));
          });
          return resp.end();
        }))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          // every event is one line of JSON plus a blank line: content chunks, finish chunk, [DONE]
          assertEquals(2L * (chunks + 2), newlines[0]);
          assertTrue(tail.toString().endsWith(DONE));
          assertEquals(0, mock.lastStreamBody().length());
          testContext.completeNow();
        })));
  }
}
