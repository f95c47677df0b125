package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mock's Gemini routes: generateContent, streamGenerateContent (SSE or a streamed JSON array), models list. */
public final class MockGemini {

  public static final String RESPONSE_ID = "mock-response";

  static final String MODELS_BODY = "{\"models\":["
      + model("gemini-2.0-flash", "2.0", "Gemini 2.0 Flash", 8192) + ","
      + model("gemini-2.5-pro", "2.5", "Gemini 2.5 Pro", 65536) + "]}";

  private final MockUpstream owner;

  MockGemini(MockUpstream owner) {
    this.owner = owner;
  }

  /** The non-stream GenerateContentResponse for {@code b}: [thought part], text or functionCall part, full usage. */
  public static String responseJson(String model, MockBehavior b) {
    List<String> parts = new ArrayList<>();
    if (b.thinking() != null) {
      parts.add(thoughtPart(b));
    }
    parts.add(b.toolCall() ? functionCallPart(b) : textPart(b.text()));
    return chunkJson(model, String.join(",", parts), true, usageJson(b));
  }

  /** Every chunk's JSON the stream carries, before SSE or array framing. */
  public static List<String> streamChunks(String model, MockBehavior b) {
    return plan(model, b).all();
  }

  /** The SSE events ({@code data: ...\r\n\r\n}) of {@code :streamGenerateContent?alt=sse}. */
  public static List<String> sseEvents(String model, MockBehavior b) {
    return sse(plan(model, b)).all();
  }

  /** The whole body of {@code :streamGenerateContent} without alt: a JSON array written element by element. */
  public static String arrayBody(String model, MockBehavior b) {
    return String.join("", array(plan(model, b)).all());
  }

  /**
   * Chunks: an optional thought part; then one per text token carrying prompt-only usage, and a last chunk with an
   * empty text part, finishReason STOP and the full usage; or, for a tool call, a single functionCall chunk with
   * STOP and the full usage. Content events, the ones aborts count, are the token chunks or the functionCall chunk.
   */
  static EventPlan<String> plan(String model, MockBehavior b) {
    String partialUsage = "{\"promptTokenCount\":" + b.promptTokens() + ",\"totalTokenCount\":" + b.promptTokens()
        + "}";
    List<String> opening = b.thinking() == null ? List.of() : List.of(chunkJson(model, thoughtPart(b), false,
        partialUsage));
    if (b.toolCall()) {
      return new EventPlan<>(opening, 1, i -> chunkJson(model, functionCallPart(b), true, usageJson(b)), List.of());
    }
    return new EventPlan<>(opening, b.chunks(),
        i -> chunkJson(model, textPart(MockUpstream.token(i)), false, partialUsage),
        List.of(chunkJson(model, textPart(""), true, usageJson(b))));
  }

  /** Usage as Gemini reports it: prompt (cached included), candidates, total, cachedContentTokenCount when any. */
  public static String usageJson(MockBehavior b) {
    long p = b.promptTokens();
    long c = b.completionTokens();
    return "{\"promptTokenCount\":" + p + ",\"candidatesTokenCount\":" + c + ",\"totalTokenCount\":" + (p + c)
        + (b.cachedTokens() > 0 ? ",\"cachedContentTokenCount\":" + b.cachedTokens() : "") + "}";
  }

  /** Google's error body for {@code status}: {"error":{"code":...,"message":"mock failure","status":...}}. */
  public static String errorJson(int status) {
    return errorJson(status, "mock failure");
  }

  public static String errorJson(int status, String message) {
    return "{\"error\":{\"code\":" + status + ",\"message\":" + Json.encode(message) + ",\"status\":\""
        + errorStatus(status) + "\"}}";
  }

  /** The google.rpc status name Google's APIs send with an HTTP status. */
  public static String errorStatus(int status) {
    return switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 501 -> "NOT_IMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }

  void generate(HttpServerRequest request, Buffer body, MockBehavior b, String model, boolean stream) {
    if (b.status() != 200) {
      MockUpstream.sendError(request.response(), b, MockUpstream.errorBody(b, errorJson(b.status())));
      return;
    }
    if (MockUpstream.jsonOrNull(body) == null) {
      MockUpstream.sendJson(request.response(), 400, errorJson(400, "Invalid JSON payload received."));
      return;
    }
    if (!stream) {
      MockUpstream.sendJson(request.response(), 200, responseJson(model, b));
      return;
    }
    boolean sse = "sse".equals(request.getParam("alt"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", sse ? "text/event-stream" : "application/json; charset=UTF-8");
    EventPlan<String> framed = sse ? sse(plan(model, b)) : array(plan(model, b));
    new MockStream(owner, request, b, framed.map((i, e) -> Buffer.buffer(e)), headers).start();
  }

  private static EventPlan<String> sse(EventPlan<String> chunks) {
    return chunks.map((i, json) -> "data: " + json + "\r\n\r\n");
  }

  /** "[" before the first element, ",\r\n" before each next one, "]" at the end, as Google streams arrays. */
  private static EventPlan<String> array(EventPlan<String> chunks) {
    return chunks.map((i, json) -> (i == 0 ? "[" : ",\r\n") + json).followedBy("]");
  }

  private static String chunkJson(String model, String parts, boolean finished, String usage) {
    return "{\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
        + (finished ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}],\"usageMetadata\":" + usage
        + ",\"modelVersion\":" + Json.encode(model) + ",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  private static String textPart(String text) {
    return "{\"text\":" + Json.encode(text) + "}";
  }

  private static String thoughtPart(MockBehavior b) {
    return "{\"text\":" + Json.encode(b.thinking()) + ",\"thought\":true}";
  }

  private static String functionCallPart(MockBehavior b) {
    return "{\"functionCall\":{\"name\":" + Json.encode(b.toolName()) + ",\"args\":" + b.toolArguments() + "}}";
  }

  private static String model(String id, String version, String displayName, int outputLimit) {
    return "{\"name\":\"models/" + id + "\",\"version\":\"" + version + "\",\"displayName\":\"" + displayName
        + "\",\"description\":\"mock\",\"inputTokenLimit\":1048576,\"outputTokenLimit\":" + outputLimit
        + ",\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]}";
  }
}
