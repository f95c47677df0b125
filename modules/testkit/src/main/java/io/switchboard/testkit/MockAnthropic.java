package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mock's Anthropic Messages routes: messages (JSON and SSE), count_tokens, the Anthropic models list. */
public final class MockAnthropic {

  public static final String MESSAGE_ID = "msg_mock";
  public static final String TOOL_USE_ID = "toolu_mock";
  public static final String SIGNATURE = "sig-mock";
  /** Anthropic writes its keep-alive with a space after the colon; decoders must not care. */
  public static final String PING_JSON = "{\"type\": \"ping\"}";
  public static final String STREAM_CONTENT_TYPE = "text/event-stream; charset=utf-8";

  static final String MODELS_BODY = "{\"data\":["
      + "{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Claude Sonnet 4.5\","
      + "\"created_at\":\"2025-09-29T00:00:00Z\"},"
      + "{\"type\":\"model\",\"id\":\"claude-haiku-4-5\",\"display_name\":\"Claude Haiku 4.5\","
      + "\"created_at\":\"2025-10-01T00:00:00Z\"}],"
      + "\"has_more\":false,\"first_id\":\"claude-sonnet-4-5\",\"last_id\":\"claude-haiku-4-5\"}";

  private final MockUpstream owner;

  MockAnthropic(MockUpstream owner) {
    this.owner = owner;
  }

  /** One Anthropic stream event: its SSE event name and its JSON data. */
  record Event(String type, String data) {

    String sse() {
      return "event: " + type + "\ndata: " + data + "\n\n";
    }
  }

  /** The non-stream Message the mock answers for {@code b}. */
  public static String messageJson(String model, MockBehavior b) {
    return messageJson(MESSAGE_ID, model, b);
  }

  static String messageJson(String id, String model, MockBehavior b) {
    List<String> content = new ArrayList<>();
    if (b.thinking() != null) {
      content.add("{\"type\":\"thinking\",\"thinking\":" + Json.encode(b.thinking())
          + ",\"signature\":\"" + SIGNATURE + "\"}");
    }
    content.add(b.toolCall()
        ? "{\"type\":\"tool_use\",\"id\":\"" + TOOL_USE_ID + "\",\"name\":" + Json.encode(b.toolName())
            + ",\"input\":" + b.toolArguments() + "}"
        : "{\"type\":\"text\",\"text\":" + Json.encode(b.text()) + "}");
    return "{\"id\":" + Json.encode(id) + ",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
        + Json.encode(model) + ",\"content\":[" + String.join(",", content) + "],\"stop_reason\":\""
        + stopReason(b) + "\",\"stop_sequence\":null,\"usage\":" + usageJson(b, b.completionTokens()) + "}";
  }

  /** Usage as Anthropic reports it: the behaviour's prompt, cached and completion tokens taken as they are. */
  public static String usageJson(MockBehavior b, long outputTokens) {
    return "{\"input_tokens\":" + b.promptTokens() + ",\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":" + b.cachedTokens() + ",\"output_tokens\":" + outputTokens + "}";
  }

  /** Every SSE event ({@code event: ...\ndata: ...\n\n}) of the stream the mock sends for {@code b}. */
  public static List<String> streamEvents(String model, MockBehavior b) {
    return events(MESSAGE_ID, model, b, "{\"type\":\"message_stop\"}").map((i, e) -> e.sse()).all();
  }

  /**
   * The stream's events: message_start, an optional thinking block (thinking_delta, signature_delta), then a text
   * block with one text_delta per chunk or a tool_use block with an empty input_json_delta and one per argument
   * fragment, message_delta (stop reason, output tokens), {@code messageStop}. A ping follows the first block start.
   * Content events, the ones aborts count, are the text deltas or the argument fragments.
   */
  static EventPlan<Event> events(String id, String model, MockBehavior b, String messageStop) {
    List<Event> opening = new ArrayList<>();
    opening.add(new Event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":" + Json.encode(id)
        + ",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + Json.encode(model) + ",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + usageJson(b, 1) + "}}"));
    int index = 0;
    if (b.thinking() != null) {
      opening.add(blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"));
      opening.add(new Event("ping", PING_JSON));
      opening.add(delta(0, "{\"type\":\"thinking_delta\",\"thinking\":" + Json.encode(b.thinking()) + "}"));
      opening.add(delta(0, "{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}"));
      opening.add(blockStop(0));
      index = 1;
    }
    int block = index;
    opening.add(blockStart(block, b.toolCall()
        ? "{\"type\":\"tool_use\",\"id\":\"" + TOOL_USE_ID + "\",\"name\":" + Json.encode(b.toolName())
            + ",\"input\":{}}"
        : "{\"type\":\"text\",\"text\":\"\"}"));
    if (block == 0) {
      opening.add(new Event("ping", PING_JSON));
    }
    List<Event> closing = List.of(blockStop(block),
        new Event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason(b)
            + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + b.completionTokens() + "}}"),
        new Event("message_stop", messageStop));
    if (!b.toolCall()) {
      return new EventPlan<>(opening, b.chunks(), i -> delta(block,
          "{\"type\":\"text_delta\",\"text\":" + Json.encode(MockUpstream.token(i)) + "}"), closing);
    }
    opening.add(delta(block, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}"));
    List<String> fragments = b.argumentFragments();
    return new EventPlan<>(opening, fragments.size(), i -> delta(block,
        "{\"type\":\"input_json_delta\",\"partial_json\":" + Json.encode(fragments.get(i)) + "}"), closing);
  }

  public static String countTokensJson(MockBehavior b) {
    return "{\"input_tokens\":" + b.promptTokens() + "}";
  }

  /** Anthropic's error body for {@code status}: {"type":"error","error":{"type":...,"message":"mock failure"}}. */
  public static String errorJson(int status) {
    return errorJson(errorType(status), "mock failure");
  }

  public static String errorJson(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + Json.encode(message) + "}}";
  }

  /** The error type Anthropic documents for an HTTP status. */
  public static String errorType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  void messages(HttpServerRequest request, Buffer body, MockBehavior b) {
    JsonObject json = admit(request, body, b);
    if (json == null) {
      return;
    }
    String model = json.getValue("model") instanceof String s ? s : "mock-model";
    if (Boolean.TRUE.equals(json.getValue("stream"))) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("content-type", STREAM_CONTENT_TYPE);
      headers.put("cache-control", "no-cache");
      EventPlan<Event> events = events(MESSAGE_ID, model, b, "{\"type\":\"message_stop\"}");
      new MockStream(owner, request, b, events.map((i, e) -> Buffer.buffer(e.sse())), headers).start();
    } else {
      MockUpstream.sendJson(request.response(), 200, messageJson(model, b));
    }
  }

  void countTokens(HttpServerRequest request, Buffer body, MockBehavior b) {
    if (admit(request, body, b) != null) {
      MockUpstream.sendJson(request.response(), 200, countTokensJson(b));
    }
  }

  /** The request's JSON, or null after answering with the behaviour's error or a 400 for a body that is not JSON. */
  private static JsonObject admit(HttpServerRequest request, Buffer body, MockBehavior b) {
    if (b.status() != 200) {
      MockUpstream.sendError(request.response(), b, MockUpstream.errorBody(b, errorJson(b.status())));
      return null;
    }
    JsonObject json = MockUpstream.jsonOrNull(body);
    if (json == null) {
      MockUpstream.sendJson(request.response(), 400,
          errorJson("invalid_request_error", "The request body is not valid JSON."));
    }
    return json;
  }

  private static String stopReason(MockBehavior b) {
    return b.toolCall() ? "tool_use" : "end_turn";
  }

  private static Event blockStart(int index, String block) {
    return new Event("content_block_start",
        "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
  }

  private static Event delta(int index, String delta) {
    return new Event("content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
  }

  private static Event blockStop(int index) {
    return new Event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }
}
