package io.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 that speaks OpenAI chat completions, for tests. */
public final class MockUpstream {

  public static final String COMPLETION_ID = "chatcmpl-mock";
  public static final long CREATED = 1700000000L;
  public static final String DONE_EVENT = "data: [DONE]\n\n";

  private static final String MODELS_BODY = "{\"object\":\"list\",\"data\":["
      + "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"mock\"},"
      + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"mock\"}]}";
  /** Chunks appended into one write when there is no delay: fewer, larger writes keep 100k-chunk streams fast. */
  private static final int BATCH_CHUNKS = 64;
  /** Batches written per event-loop turn before yielding, so a fast client cannot monopolise the loop. */
  private static final int BATCHES_PER_TURN = 16;

  private final Vertx vertx;
  private final HttpServer server;
  private final List<ReceivedRequest> received = new ArrayList<>();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private volatile MockBehavior behavior = MockBehavior.ok();
  private Buffer lastStreamBody = Buffer.buffer();

  private MockUpstream(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  public static Future<MockUpstream> start(Vertx vertx) {
    MockUpstream mock = new MockUpstream(vertx);
    return mock.server.listen(0, "127.0.0.1").map(s -> mock);
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** Sets the behaviour for all following requests. */
  public MockUpstream respond(MockBehavior behavior) {
    this.behavior = behavior;
    return this;
  }

  public synchronized List<ReceivedRequest> received() {
    return List.copyOf(received);
  }

  /** How many streamed responses lost their client connection before the mock ended them. */
  public int closedEarly() {
    return closedEarly.get();
  }

  /** Everything written for the most recent stream response (empty when recordBody was off). */
  public synchronized Buffer lastStreamBody() {
    return lastStreamBody.copy();
  }

  public synchronized void reset() {
    behavior = MockBehavior.ok();
    received.clear();
    closedEarly.set(0);
    lastStreamBody = Buffer.buffer();
  }

  public Future<Void> close() {
    return server.close();
  }

  public static String token(int i) {
    return "tok" + i + " ";
  }

  /** One chat.completion.chunk; {@code delta} and {@code finishReason} are raw JSON. */
  public static String chunkJson(String model, String delta, String finishReason, boolean usageNull) {
    return "{\"id\":\"" + COMPLETION_ID + "\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
        + ",\"model\":" + Json.encode(model) + ",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":"
        + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]"
        + (usageNull ? ",\"usage\":null}" : "}");
  }

  public static String contentDelta(int i) {
    return i == 0
        ? "{\"role\":\"assistant\",\"content\":\"" + token(0) + "\"}"
        : "{\"content\":\"" + token(i) + "\"}";
  }

  public static String usageChunkJson(String model, MockBehavior b) {
    return "{\"id\":\"" + COMPLETION_ID + "\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
        + ",\"model\":" + Json.encode(model) + ",\"system_fingerprint\":null,\"choices\":[],\"usage\":"
        + usageJson(b) + "}";
  }

  public static String usageJson(MockBehavior b) {
    long p = b.promptTokens();
    long c = b.completionTokens();
    return "{\"prompt_tokens\":" + p + ",\"completion_tokens\":" + c + ",\"total_tokens\":" + (p + c)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":" + b.cachedTokens()
        + "},\"completion_tokens_details\":{\"reasoning_tokens\":0}}";
  }

  public static String completionJson(String model, MockBehavior b) {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < b.chunks(); i++) {
      content.append(token(i));
    }
    return "{\"id\":\"" + COMPLETION_ID + "\",\"object\":\"chat.completion\",\"created\":" + CREATED
        + ",\"model\":" + Json.encode(model) + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + content + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":" + usageJson(b) + ",\"system_fingerprint\":null}";
  }

  public static String errorJson(String message, String type) {
    return "{\"error\":{\"message\":" + Json.encode(message) + ",\"type\":\"" + type
        + "\",\"param\":null,\"code\":null}}";
  }

  private void handle(HttpServerRequest request) {
    MockBehavior b = behavior;
    request.body().onSuccess(body -> {
      record(request, body);
      String path = request.path();
      if (request.method() == HttpMethod.POST && "/v1/chat/completions".equals(path)) {
        after(b.headersDelayMs(), () -> chatCompletion(request, body, b));
      } else if (request.method() == HttpMethod.GET && "/v1/models".equals(path)) {
        sendJson(request.response(), 200, MODELS_BODY);
      } else {
        sendJson(request.response(), 404,
            errorJson("Unknown request URL: " + request.method() + " " + path, "invalid_request_error"));
      }
    });
  }

  private synchronized void record(HttpServerRequest request, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    received.add(new ReceivedRequest(request.method().name(), request.path(), request.query(), headers, body.copy()));
  }

  private void chatCompletion(HttpServerRequest request, Buffer body, MockBehavior b) {
    if (b.status() != 200) {
      if (b.retryAfter() != null) {
        request.response().putHeader("retry-after", b.retryAfter());
      }
      sendJson(request.response(), b.status(), b.errorBody());
      return;
    }
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (RuntimeException e) {
      sendJson(request.response(), 400, errorJson("We could not parse the JSON body of your request.",
          "invalid_request_error"));
      return;
    }
    String model = json.getValue("model") instanceof String s ? s : "mock-model";
    if (Boolean.TRUE.equals(json.getValue("stream"))) {
      boolean includeUsage = json.getValue("stream_options") instanceof JsonObject o
          && Boolean.TRUE.equals(o.getValue("include_usage"));
      new StreamResponse(request, b, model, includeUsage).start();
    } else {
      sendJson(request.response(), 200, completionJson(model, b));
    }
  }

  private void after(long delayMs, Runnable action) {
    if (delayMs > 0) {
      vertx.setTimer(delayMs, id -> action.run());
    } else {
      action.run();
    }
  }

  private static void sendJson(HttpServerResponse response, int status, String body) {
    if (!response.closed()) {
      response.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
  }

  /** Writes one SSE stream in batches, pausing on backpressure and stopping when the client goes away. */
  private final class StreamResponse {
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final MockBehavior b;
    private final String model;
    private final boolean includeUsage;
    private final int events;
    private final Buffer recorded;
    private int next;
    private long timerId = -1;
    private boolean finished;

    StreamResponse(HttpServerRequest request, MockBehavior b, String model, boolean includeUsage) {
      this.request = request;
      this.response = request.response();
      this.b = b;
      this.model = model;
      this.includeUsage = includeUsage;
      // content chunks, the finish chunk, the optional usage chunk, [DONE]
      this.events = b.chunks() + 1 + (includeUsage ? 1 : 0) + 1;
      this.recorded = Buffer.buffer();
    }

    void start() {
      synchronized (MockUpstream.this) {
        lastStreamBody = recorded;
      }
      response.closeHandler(v -> lost());
      response.exceptionHandler(e -> lost());
      if (response.closed()) {
        lost();
        return;
      }
      response.setStatusCode(200).setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
      pump();
    }

    private void pump() {
      timerId = -1;
      int batchSize = b.chunkDelayMs() > 0 ? 1 : BATCH_CHUNKS;
      for (int turn = 0; turn < BATCHES_PER_TURN && !finished; turn++) {
        Buffer batch = Buffer.buffer();
        int end = Math.min(events, next + batchSize);
        while (next < end && !b.abortsAt(next)) {
          batch.appendString(event(next++));
        }
        keep(batch);
        if (b.abortsAt(next)) {
          abort(batch);
          return;
        }
        if (next == events) {
          finished = true;
          response.end(batch);
          return;
        }
        response.write(batch);
        if (response.writeQueueFull()) {
          response.drainHandler(v -> {
            // a drain handler fires on every drain; clear it so only one pump chain runs
            response.drainHandler(null);
            pump();
          });
          return;
        }
        if (b.chunkDelayMs() > 0) {
          timerId = vertx.setTimer(b.chunkDelayMs(), id -> pump());
          return;
        }
      }
      if (!finished) {
        vertx.runOnContext(v -> pump());
      }
    }

    private String event(int i) {
      int chunks = b.chunks();
      if (i < chunks) {
        return "data: " + chunkJson(model, contentDelta(i), "null", includeUsage) + "\n\n";
      }
      if (i == chunks) {
        return "data: " + chunkJson(model, "{}", "\"stop\"", includeUsage) + "\n\n";
      }
      if (includeUsage && i == chunks + 1) {
        return "data: " + usageChunkJson(model, b) + "\n\n";
      }
      return DONE_EVENT;
    }

    private void keep(Buffer batch) {
      if (b.recordBody()) {
        synchronized (MockUpstream.this) {
          recorded.appendBuffer(batch);
        }
      }
    }

    /** Cuts the connection only after the last bytes reached the socket, so the client sees them. */
    private void abort(Buffer batch) {
      finished = true;
      Future<Void> written = batch.length() == 0 ? response.writeHead() : response.write(batch);
      written.onComplete(ar -> request.connection().close());
    }

    private void lost() {
      if (finished) {
        return;
      }
      finished = true;
      closedEarly.incrementAndGet();
      if (timerId != -1) {
        vertx.cancelTimer(timerId);
      }
    }
  }
}
