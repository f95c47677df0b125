package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MockUpstreamTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"gpt-test\",\"system_fingerprint\":null,";
  private static final String DONE = "data: [DONE]\n\n";

  private MockUpstream mock;
  private HttpClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext testContext) {
    // a connection each: two tests send a second request right after the first, and on a kept-alive connection
    // that second request went unanswered (a 30 s timeout) in some full CI runs; what is tested is the mock's replies
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    MockUpstream.start(vertx).onSuccess(m -> mock = m).onComplete(testContext.succeedingThenComplete());
  }

  @Test
  void nonStreamReturnsCompletionWithUsage(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(2).withUsage(7, 5, 3));
    post(CHAT, "{\"model\":\"gpt-test\",\"messages\":[]}").compose(this::bodyOf)
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(200, r.status);
          assertEquals("application/json", r.contentType);
          assertEquals("{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,"
              + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"tok0 tok1 \",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12,"
              + "\"prompt_tokens_details\":{\"cached_tokens\":3},"
              + "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"system_fingerprint\":null}", r.body);
          testContext.completeNow();
        })));
  }

  @Test
  void completionTokensFollowChunksByDefault(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(4));
    post(CHAT, "{\"model\":\"gpt-test\"}").compose(this::bodyOf)
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          JsonObject usage = new JsonObject(r.body).getJsonObject("usage");
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
    post(CHAT, request).compose(this::bodyOf)
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
          assertEquals(200, r.status);
          assertEquals("text/event-stream", r.contentType);
          assertEquals(expected, r.body);
          assertEquals(expected, mock.lastStreamBody().toString());
          testContext.completeNow();
        })));
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsage(VertxTestContext testContext) {
    post(CHAT, "{\"model\":\"gpt-test\",\"stream\":true}").compose(this::bodyOf)
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
          assertEquals(expected, r.body);
          assertFalse(r.body.contains("\"usage\""));
          testContext.completeNow();
        })));
  }

  @Test
  void errorStatusSendsErrorBody(VertxTestContext testContext) {
    String custom = "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":null}}";
    mock.respond(MockBehavior.ok().withStatus(429, custom));
    post(CHAT, "{\"model\":\"gpt-test\",\"stream\":true}").compose(this::bodyOf)
        .compose(limited -> {
          mock.respond(MockBehavior.ok().withStatus(500));
          return post(CHAT, "{\"model\":\"gpt-test\"}").compose(this::bodyOf)
              .map(failed -> new Reply[] {limited, failed});
        })
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(429, r[0].status);
          assertEquals("application/json", r[0].contentType);
          assertEquals(custom, r[0].body);
          assertEquals(500, r[1].status);
          assertEquals("{\"error\":{\"message\":\"mock failure\",\"type\":\"server_error\","
              + "\"param\":null,\"code\":null}}", r[1].body);
          testContext.completeNow();
        })));
  }

  @Test
  void modelsListAndUnknownRoute(VertxTestContext testContext) {
    send(HttpMethod.GET, "/v1/models", "").compose(this::bodyOf)
        .compose(models -> send(HttpMethod.GET, "/v1/nope", "").compose(this::bodyOf)
            .map(missing -> new Reply[] {models, missing}))
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          JsonObject list = new JsonObject(r[0].body);
          assertEquals(200, r[0].status);
          assertEquals("list", list.getString("object"));
          assertEquals("gpt-4o-mini", list.getJsonArray("data").getJsonObject(0).getString("id"));
          assertEquals(404, r[1].status);
          assertEquals("invalid_request_error",
              new JsonObject(r[1].body).getJsonObject("error").getString("type"));
          testContext.completeNow();
        })));
  }

  @Test
  void abortAfterChunksClosesConnectionBeforeDone(VertxTestContext testContext) {
    mock.respond(MockBehavior.ok().withChunks(5).withAbortAfterChunks(2));
    Buffer received = Buffer.buffer();
    post(CHAT, "{\"model\":\"gpt-test\",\"stream\":true}")
        .compose(resp -> {
          resp.handler(received::appendBuffer);
          return resp.end();
        })
        .onComplete(testContext.failing(err -> testContext.verify(() -> {
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
    post(CHAT, "{\"model\":\"gpt-test\",\"stream\":true}").onComplete(testContext.succeeding(resp ->
        resp.handler(first -> resp.request().connection().close())));
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
    RequestOptions options = options(HttpMethod.POST, CHAT + "?api-version=1")
        .putHeader("authorization", "Bearer sk-test")
        .putHeader("x-trace", "abc");
    String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    client.request(options).compose(req -> req.send(body)).compose(this::bodyOf)
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
    post(CHAT, "{\"model\":\"gpt-test\"}").onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
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
    post(CHAT, "{\"model\":\"gpt-test\",\"stream\":true}")
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
        })
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          // every event is one line of JSON plus a blank line: content chunks, finish chunk, [DONE]
          assertEquals(2L * (chunks + 2), newlines[0]);
          assertTrue(tail.toString().endsWith(DONE));
          assertEquals(0, mock.lastStreamBody().length());
          testContext.completeNow();
        })));
  }

  private RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(mock.port()).setURI(uri);
  }

  private Future<HttpClientResponse> send(HttpMethod method, String uri, String body) {
    return client.request(options(method, uri))
        .compose(req -> req.putHeader("content-type", "application/json").send(body));
  }

  private Future<HttpClientResponse> post(String uri, String body) {
    return send(HttpMethod.POST, uri, body);
  }

  private Future<Reply> bodyOf(HttpClientResponse resp) {
    return resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("content-type"), b.toString()));
  }

  private record Reply(int status, String contentType, String body) {}
}
