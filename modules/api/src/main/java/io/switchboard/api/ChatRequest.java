package io.switchboard.api;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * A client's chat request after decoding: what routing and accounting need, plus the client's own body, headers
 * and query string, which a same-dialect upstream receives untouched (but for the model name, the usage option and
 * credentials) so that fields the gateway does not model keep working. {@code jsonArrayStream} is Gemini's
 * streamGenerateContent without {@code alt=sse}: the client wants the stream as one JSON array.
 */
public record ChatRequest(Dialect dialect, String model, boolean stream, boolean clientWantsUsage,
                          boolean jsonArrayStream, JsonObject body, Map<String, String> headers, String query,
                          Operation operation) {

  public ChatRequest {
    headers = headers == null ? Map.of() : headers;
    operation = operation == null ? Operation.CHAT : operation;
  }

  /** A chat request with no forwarded headers or query, as OpenAI's route builds before adding them. */
  public ChatRequest(Dialect dialect, String model, boolean stream, boolean clientWantsUsage, JsonObject body) {
    this(dialect, model, stream, clientWantsUsage, false, body, Map.of(), null, Operation.CHAT);
  }

  public ChatRequest withClientContext(Map<String, String> clientHeaders, String clientQuery) {
    return new ChatRequest(dialect, model, stream, clientWantsUsage, jsonArrayStream, body, clientHeaders, clientQuery,
      operation);
  }

  /** The same request with another body (the gateway's edit of the client's, e.g. a conversation's history added). */
  public ChatRequest withBody(JsonObject newBody) {
    return new ChatRequest(dialect, model, stream, clientWantsUsage, jsonArrayStream, newBody, headers, query,
      operation);
  }

  /**
   * The client's body with the upstream's model name, for a same-dialect upstream: only the top level is copied, so
   * the body stays as it came (for a failover) and its messages, however long, are shared, not copied.
   */
  public JsonObject bodyWithModel(String upstreamModel) {
    return JsonObjects.topLevelCopy(body).put("model", upstreamModel);
  }

  public JsonObject toJson() {
    return new JsonObject().put("dialect", dialect.name()).put("model", model).put("stream", stream)
      .put("clientWantsUsage", clientWantsUsage).put("jsonArrayStream", jsonArrayStream).put("body", body)
      .put("headers", new JsonObject(new HashMap<>(headers))).put("query", query).put("operation", operation.name());
  }

  public static ChatRequest fromJson(JsonObject json) {
    Map<String, String> headers = new HashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new ChatRequest(Dialect.valueOf(json.getString("dialect")), json.getString("model"),
      json.getBoolean("stream"), json.getBoolean("clientWantsUsage"), json.getBoolean("jsonArrayStream", false),
      json.getJsonObject("body"), headers, json.getString("query"),
      Operation.valueOf(json.getString("operation", Operation.CHAT.name())));
  }
}
