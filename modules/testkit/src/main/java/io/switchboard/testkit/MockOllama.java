package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The mock's Ollama route: {@code POST /api/chat}, answered whole or as NDJSON lines ({@code stream} defaults to
 * true, as Ollama's does): one line per text token, then a {@code done: true} line with {@code done_reason},
 * {@code prompt_eval_count} and {@code eval_count}; a tool call comes whole in one line. Errors are Ollama's
 * {@code {"error":"..."}}.
 */
public final class MockOllama {
  public static final String CREATED_AT = "2026-01-01T00:00:00.000000000Z";
  private final MockUpstream owner;

  MockOllama(MockUpstream owner) {
    this.owner = owner;
  }

  /** The whole answer for {@code b}: text or one tool call, with the usage counts. */
  public static String responseJson(String model, MockBehavior b) {
    return line(model, b.toolCall() ? toolCallMessage(b) : message(b.text(), b), true, b);
  }

  /** Every NDJSON line of the streamed answer, newline included. */
  public static List<String> streamLines(String model, MockBehavior b) {
    return plan(model, b).all();
  }

  /** Ollama's error body. */
  public static String errorJson(String message) {
    return "{\"error\":" + Json.encode(message) + "}";
  }

  static EventPlan<String> plan(String model, MockBehavior b) {
    if (b.toolCall()) {
      return new EventPlan<>(List.of(), 1, i -> line(model, toolCallMessage(b), false, b) + "\n",
          List.of(line(model, message("", b), true, b) + "\n"));
    }
    return new EventPlan<>(List.of(), b.chunks(),
        i -> line(model, message(MockUpstream.token(i), b), false, b) + "\n",
        List.of(line(model, message("", b), true, b) + "\n"));
  }

  void chat(HttpServerRequest request, Buffer body, MockBehavior b) {
    if (b.status() != 200) {
      MockUpstream.sendError(request.response(), b, MockUpstream.errorBody(b, errorJson("mock failure")));
      return;
    }
    JsonObject json = MockUpstream.jsonOrNull(body);
    if (json == null || json.getString("model") == null) {
      MockUpstream.sendJson(request.response(), 400, errorJson("invalid request: model is required"));
      return;
    }
    String model = json.getString("model");
    if (!json.getBoolean("stream", true)) {
      MockUpstream.sendJson(request.response(), 200, responseJson(model, b));
      return;
    }
    new MockStream(owner, request, b, plan(model, b).map((i, line) -> Buffer.buffer(line)),
        Map.of("content-type", "application/x-ndjson")).start();
  }

  private static String message(String content, MockBehavior b) {
    return "{\"role\":\"assistant\",\"content\":" + Json.encode(content) + "}";
  }

  private static String toolCallMessage(MockBehavior b) {
    return "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":"
        + Json.encode(b.toolName()) + ",\"arguments\":" + b.toolArguments() + "}}]}";
  }

  private static String line(String model, String message, boolean done, MockBehavior b) {
    String head = "{\"model\":" + Json.encode(model) + ",\"created_at\":\"" + CREATED_AT + "\",\"message\":" + message
        + ",\"done\":" + done;
    if (!done) {
      return head + "}";
    }
    return head + ",\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,"
        + "\"prompt_eval_count\":" + b.promptTokens() + ",\"prompt_eval_duration\":342546000,\"eval_count\":"
        + b.completionTokens() + ",\"eval_duration\":4535599000}";
  }
}
