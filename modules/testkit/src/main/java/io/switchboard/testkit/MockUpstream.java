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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 that speaks every upstream dialect on one port, for tests: OpenAI chat
 * completions, embeddings and Azure OpenAI deployments ({@link MockOpenAi}), the Responses API, also under Azure's
 * {@code /openai/v1/} ({@link MockResponses}), Anthropic Messages
 * ({@link MockAnthropic}), Gemini generateContent ({@link MockGemini}), Bedrock InvokeModel
 * ({@link MockBedrock}), Ollama's native chat ({@link MockOllama}, NDJSON), and endpoints only passed through
 * ({@link MockPassThrough}). An error status answers with the behaviour's error body as given, or, when that is the
 * default OpenAI-shaped body, with the route's own dialect's default error.
 */
public final class MockUpstream {

  public static final String COMPLETION_ID = "chatcmpl-mock";
  public static final long CREATED = 1700000000L;
  public static final String DONE_EVENT = "data: [DONE]\n\n";

  private static final String MODELS_BODY = "{\"object\":\"list\",\"data\":["
      + "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"mock\"},"
      + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"mock\"}]}";
  private static final Pattern AZURE = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");
  private static final Pattern GEMINI =
      Pattern.compile("/v1(?:beta|alpha)?/models/([^/:]+?)(?::|%3[aA])(generateContent|streamGenerateContent)");
  private static final Pattern BEDROCK = Pattern.compile("/model/([^/]+)/(invoke|invoke-with-response-stream)");

  private final Vertx vertx;
  private final HttpServer server;
  private final List<ReceivedRequest> received = new ArrayList<>();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private final MockOpenAi openAi = new MockOpenAi(this);
  private final MockResponses responses = new MockResponses(this);
  private final MockAnthropic anthropic = new MockAnthropic(this);
  private final MockGemini gemini = new MockGemini(this);
  private final MockBedrock bedrock = new MockBedrock(this);
  private final MockOllama ollama = new MockOllama(this);
  private volatile MockBehavior behavior = MockBehavior.ok();
  private final java.util.ArrayDeque<MockBehavior> upcoming = new java.util.ArrayDeque<>();
  private MockBehavior failure;
  private double failureRate;
  private java.util.Random failureDice;
  private Buffer lastStreamBody = Buffer.buffer();
  private volatile Map<String, String> answerHeaders = Map.of();

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

  /** The server root without a path: the base URL Anthropic, Gemini, Azure and Bedrock accounts take. */
  public String rootUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Sets the behaviour for all following requests. */
  public MockUpstream respond(MockBehavior behavior) {
    this.behavior = behavior;
    return this;
  }

  /** The next requests get these behaviours, one each, before the one set with {@link #respond} applies again. */
  /** Headers every answer carries from now on, on every route (an upstream's request id, its rate limits). */
  public MockUpstream answerHeaders(Map<String, String> headers) {
    answerHeaders = Map.copyOf(headers);
    return this;
  }

  public synchronized MockUpstream respondNext(MockBehavior... next) {
    upcoming.addAll(List.of(next));
    return this;
  }

  /** From now on a share {@code rate} of requests (drawn with {@code seed}) get {@code failing} instead. */
  public synchronized MockUpstream failRandomly(double rate, MockBehavior failing, long seed) {
    failureRate = rate;
    failure = failing;
    failureDice = new java.util.Random(seed);
    return this;
  }

  private synchronized MockBehavior nextBehavior() {
    if (!upcoming.isEmpty()) {
      return upcoming.poll();
    }
    return failure != null && failureDice.nextDouble() < failureRate ? failure : behavior;
  }

  public synchronized List<ReceivedRequest> received() {
    return List.copyOf(received);
  }

  /** Waits (from a test's thread) until it has received {@code count} requests; fails after 10 s. */
  public void awaitReceived(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (received().size() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the upstream received " + received().size() + " of " + count + " requests");
      }
      Thread.sleep(10);
    }
  }

  /** How many streamed responses lost their client connection before the mock ended them. */
  public int closedEarly() {
    return closedEarly.get();
  }

  /** Everything written for the most recent stream response of any route (empty when recordBody was off). */
  public synchronized Buffer lastStreamBody() {
    return lastStreamBody.copy();
  }

  public synchronized void reset() {
    behavior = MockBehavior.ok();
    answerHeaders = Map.of();
    upcoming.clear();
    failure = null;
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

  /** The chat.completion the mock answers for {@code b}: text, or one tool call when {@code b} has one. */
  public static String completionJson(String model, MockBehavior b) {
    if (b.toolCall()) {
      return MockOpenAi.toolCallCompletionJson(model, b);
    }
    return "{\"id\":\"" + COMPLETION_ID + "\",\"object\":\"chat.completion\",\"created\":" + CREATED
        + ",\"model\":" + Json.encode(model) + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + b.text() + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":" + usageJson(b) + ",\"system_fingerprint\":null}";
  }

  public static String errorJson(String message, String type) {
    return "{\"error\":{\"message\":" + Json.encode(message) + ",\"type\":\"" + type
        + "\",\"param\":null,\"code\":null}}";
  }

  private void handle(HttpServerRequest request) {
    MockBehavior b = nextBehavior();
    answerHeaders.forEach(request.response()::putHeader);
    request.body().onSuccess(body -> {
      record(request, body);
      Runnable route = route(request, body, b);
      if (route == null) {
        sendJson(request.response(), 404, errorJson("Unknown request URL: " + request.method() + " "
            + request.path(), "invalid_request_error"));
      } else if (request.method() == HttpMethod.POST) {
        after(b.headersDelayMs(), route);
      } else {
        route.run();
      }
    });
  }

  /** The handler for this method and path, or null when no dialect has such a route. */
  private Runnable route(HttpServerRequest request, Buffer body, MockBehavior b) {
    String path = request.path();
    Runnable passThrough = MockPassThrough.route(this, request, body, b);
    if (passThrough != null) {
      return passThrough;
    }
    if (request.method() == HttpMethod.GET) {
      if ("/v1/models".equals(path)) {
        // the Anthropic SDK lists models on the same path; its version header tells the two apart
        return request.headers().contains("anthropic-version")
            ? () -> sendJson(request.response(), 200, MockAnthropic.MODELS_BODY)
            : () -> sendJson(request.response(), 200, MODELS_BODY);
      }
      return "/v1beta/models".equals(path) ? () -> sendJson(request.response(), 200, MockGemini.MODELS_BODY) : null;
    }
    if (request.method() != HttpMethod.POST) {
      return null;
    }
    switch (path) {
      case "/v1/chat/completions":
        return () -> openAi.chat(request, body, b, null);
      case "/v1/embeddings":
        return () -> openAi.embeddings(request, body, b, null);
      case "/v1/responses":
        return () -> responses.respond(request, body, b, false);
      case "/openai/v1/responses":
        return () -> responses.respond(request, body, b, true);
      case "/v1/messages":
        return () -> anthropic.messages(request, body, b);
      case "/v1/messages/count_tokens":
        return () -> anthropic.countTokens(request, body, b);
      case "/api/chat":
        return () -> ollama.chat(request, body, b);
      default:
        break;
    }
    Matcher azure = AZURE.matcher(path);
    if (azure.matches()) {
      String deployment = decode(azure.group(1));
      return "embeddings".equals(azure.group(2))
          ? () -> openAi.embeddings(request, body, b, deployment)
          : () -> openAi.chat(request, body, b, deployment);
    }
    Matcher gem = GEMINI.matcher(path);
    if (gem.matches()) {
      String model = decode(gem.group(1));
      boolean stream = "streamGenerateContent".equals(gem.group(2));
      return () -> gemini.generate(request, body, b, model, stream);
    }
    Matcher bed = BEDROCK.matcher(path);
    if (bed.matches()) {
      String modelId = decode(bed.group(1));
      boolean stream = "invoke-with-response-stream".equals(bed.group(2));
      return () -> bedrock.invoke(request, body, b, modelId, stream);
    }
    return null;
  }

  private synchronized void record(HttpServerRequest request, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    received.add(new ReceivedRequest(request.method().name(), request.path(), request.query(), headers, body.copy()));
  }

  private void after(long delayMs, Runnable action) {
    if (delayMs > 0) {
      vertx.setTimer(delayMs, id -> action.run());
    } else {
      action.run();
    }
  }

  Vertx vertx() {
    return vertx;
  }

  synchronized void streamStarted(Buffer recorded) {
    lastStreamBody = recorded;
  }

  void streamLost() {
    closedEarly.incrementAndGet();
  }

  /** The request body as a JSON object, or null when it is not one. */
  static JsonObject jsonOrNull(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The behaviour's error body, unless it is the untouched default: then the route's own dialect default. */
  static String errorBody(MockBehavior b, String dialectDefault) {
    return MockBehavior.DEFAULT_ERROR_BODY.equals(b.errorBody()) ? dialectDefault : b.errorBody();
  }

  /** Sends an error answer with the behaviour's status and retry-after header. */
  static void sendError(HttpServerResponse response, MockBehavior b, String body) {
    if (b.retryAfter() != null) {
      response.putHeader("retry-after", b.retryAfter());
    }
    sendJson(response, b.status(), body);
  }

  static void sendJson(HttpServerResponse response, int status, String body) {
    if (!response.closed()) {
      response.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
  }

  /** Percent-decodes one path segment; '+' stays itself, as in a path. */
  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
