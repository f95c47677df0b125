package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mock's OpenAI Responses API route ({@code POST /v1/responses}, also under Azure's {@code /openai/v1/}): the
 * response object as JSON, or its SSE events as OpenAI sends them (named, numbered by {@code sequence_number}). Each
 * request's response id is derived from its body, so two turns of one conversation get two ids while a test can
 * still compute the bytes it expects.
 */
public final class MockResponses {

  public static final String TOOL_CALL_ID = "call_mock";
  /** What a reasoning item's encrypted_content looks like from OpenAI: a Fernet token. */
  public static final String ENCRYPTED_REASONING = "gAAAAABmock-encrypted-reasoning";
  /** What a compaction item's encrypted_content looks like: the compacted conversation, readable only by OpenAI. */
  public static final String COMPACTED = "gAAAAABmock-compacted-conversation";

  private final MockUpstream owner;

  MockResponses(MockUpstream owner) {
    this.owner = owner;
  }

  /** The id of the response the mock answers to this request body. */
  public static String responseId(Buffer requestBody) {
    return "resp_mock" + Integer.toHexString(requestBody.toString().hashCode());
  }

  /**
   * The whole response object for {@code b}: [reasoning item], a message or a function call, usage; or, when the
   * input asks for a compaction (a {@code compaction_trigger} item, as Codex CLI sends), one compaction item.
   */
  public static JsonObject responseJson(String id, String model, MockBehavior b, JsonObject request) {
    JsonArray output = new JsonArray();
    if (compacts(request)) {
      return envelope(id, model, "completed", output.add(compaction(id)), b, request);
    }
    if (b.thinking() != null) {
      output.add(reasoning(id, b.thinking()));
    }
    output.add(b.toolCall() ? functionCall(id, output.size(), b.toolArguments(), b) : message(id, output.size(),
      b.text()));
    return envelope(id, model, "completed", output, b, request);
  }

  /**
   * Every SSE event of the stream: response.created, response.in_progress, [a whole reasoning item], then a message
   * with one output_text.delta per chunk or a function call with one arguments delta per fragment (the content
   * events aborts count), their done events, response.completed with the output and usage.
   */
  public static List<String> streamEvents(String id, String model, MockBehavior b, JsonObject request) {
    return plan(id, model, b, request).all();
  }

  static EventPlan<String> plan(String id, String model, MockBehavior b, JsonObject request) {
    List<String> opening = new ArrayList<>();
    JsonObject started = envelope(id, model, "in_progress", new JsonArray(), null, request);
    opening.add(event("response.created", new JsonObject().put("response", started)));
    opening.add(event("response.in_progress", new JsonObject().put("response", started)));
    if (compacts(request)) {
      JsonObject compaction = compaction(id);
      opening.add(event("response.output_item.added", new JsonObject().put("output_index", 0).put("item", compaction)));
      opening.add(event("response.output_item.done", new JsonObject().put("output_index", 0).put("item", compaction)));
      opening.add(event("response.completed", new JsonObject().put("response", responseJson(id, model, b, request))));
      return new EventPlan<String>(opening, 0, i -> "", List.of())
        .map((n, e) -> e.replace("\"sequence_number\":-1", "\"sequence_number\":" + n));
    }
    int index = 0;
    if (b.thinking() != null) {
      JsonObject reasoning = reasoning(id, b.thinking());
      opening.add(event("response.output_item.added", new JsonObject().put("output_index", 0)
        .put("item", reasoning.copy().put("summary", new JsonArray()))));
      opening.add(event("response.output_item.done", new JsonObject().put("output_index", 0).put("item", reasoning)));
      index = 1;
    }
    int at = index;
    JsonObject done = responseJson(id, model, b, request);
    JsonObject item = done.getJsonArray("output").getJsonObject(at);
    List<String> closing = new ArrayList<>();
    if (b.toolCall()) {
      opening.add(event("response.output_item.added", new JsonObject().put("output_index", at)
        .put("item", item.copy().put("status", "in_progress").put("arguments", ""))));
      closing.add(event("response.function_call_arguments.done", of(item, at).put("arguments", b.toolArguments())));
    } else {
      opening.add(event("response.output_item.added", new JsonObject().put("output_index", at)
        .put("item", item.copy().put("status", "in_progress").put("content", new JsonArray()))));
      opening.add(event("response.content_part.added", of(item, at).put("content_index", 0)
        .put("part", outputText(""))));
      closing.add(event("response.output_text.done", of(item, at).put("content_index", 0).put("text", b.text())));
      closing.add(event("response.content_part.done", of(item, at).put("content_index", 0)
        .put("part", outputText(b.text()))));
    }
    closing.add(event("response.output_item.done", new JsonObject().put("output_index", at).put("item", item)));
    closing.add(event("response.completed", new JsonObject().put("response", done)));
    List<String> fragments = b.argumentFragments();
    EventPlan<String> plan = b.toolCall()
      ? new EventPlan<>(opening, fragments.size(), i -> event("response.function_call_arguments.delta",
          of(item, at).put("delta", fragments.get(i))), closing)
      : new EventPlan<>(opening, b.chunks(), i -> event("response.output_text.delta",
          of(item, at).put("content_index", 0).put("delta", MockUpstream.token(i))), closing);
    return plan.map((n, e) -> e.replace("\"sequence_number\":-1", "\"sequence_number\":" + n));
  }

  /** Usage as the Responses API reports it: cached tokens inside input_tokens. */
  public static JsonObject usage(MockBehavior b) {
    return new JsonObject().put("input_tokens", b.promptTokens())
      .put("input_tokens_details", new JsonObject().put("cached_tokens", b.cachedTokens()))
      .put("output_tokens", b.completionTokens())
      .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0))
      .put("total_tokens", b.promptTokens() + b.completionTokens());
  }

  void respond(HttpServerRequest request, Buffer body, MockBehavior b, boolean azure) {
    if (b.status() != 200) {
      MockUpstream.sendError(request.response(), b, b.errorBody());
      return;
    }
    JsonObject json = MockUpstream.jsonOrNull(body);
    if (json == null || json.getValue("input") == null && json.getValue("previous_response_id") == null) {
      MockUpstream.sendJson(request.response(), 400, MockUpstream.errorJson(
        "Missing required parameter: 'input'.", "invalid_request_error"));
      return;
    }
    String model = json.getValue("model") instanceof String s ? s : azure ? "azure-deployment" : "mock-model";
    String id = responseId(body);
    if (Boolean.TRUE.equals(json.getValue("stream"))) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("content-type", "text/event-stream; charset=utf-8");
      headers.put("cache-control", "no-cache");
      new MockStream(owner, request, b, plan(id, model, b, json).map((i, e) -> Buffer.buffer(e)), headers).start();
    } else {
      MockUpstream.sendJson(request.response(), 200, responseJson(id, model, b, json).encode());
    }
  }

  private static JsonObject envelope(String id, String model, String status, JsonArray output, MockBehavior b,
                                     JsonObject request) {
    return new JsonObject().put("id", id).put("object", "response").put("created_at", MockUpstream.CREATED)
      .put("status", status).put("error", null).put("incomplete_details", null)
      .put("instructions", request.getValue("instructions")).put("model", model).put("output", output)
      .put("parallel_tool_calls", request.getValue("parallel_tool_calls", true))
      .put("previous_response_id", request.getValue("previous_response_id"))
      .put("store", request.getValue("store", true))
      .put("tool_choice", request.getValue("tool_choice", "auto"))
      .put("tools", request.getValue("tools", new JsonArray()))
      .put("usage", b == null ? null : usage(b));
  }

  private static JsonObject message(String id, int index, String text) {
    return new JsonObject().put("id", "msg_" + id.substring(5) + "_" + index).put("type", "message")
      .put("status", "completed").put("role", "assistant").put("content", new JsonArray().add(outputText(text)));
  }

  private static JsonObject functionCall(String id, int index, String arguments, MockBehavior b) {
    return new JsonObject().put("id", "fc_" + id.substring(5) + "_" + index).put("type", "function_call")
      .put("status", "completed").put("arguments", arguments).put("call_id", TOOL_CALL_ID).put("name", b.toolName());
  }

  private static JsonObject reasoning(String id, String summary) {
    return new JsonObject().put("id", "rs_" + id.substring(5) + "_0").put("type", "reasoning")
      .put("summary", new JsonArray().add(new JsonObject().put("type", "summary_text").put("text", summary)))
      .put("encrypted_content", ENCRYPTED_REASONING);
  }

  /** Whether the request's input asks for the conversation to be compacted. */
  private static boolean compacts(JsonObject request) {
    return request.getValue("input") instanceof JsonArray input && input.stream()
      .anyMatch(item -> item instanceof JsonObject o && "compaction_trigger".equals(o.getValue("type")));
  }

  /** The conversation compacted into one item of state only OpenAI can read, for the response {@code id}. */
  static JsonObject compaction(String id) {
    return new JsonObject().put("id", "cmp_" + id.substring(5)).put("type", "compaction")
      .put("encrypted_content", COMPACTED);
  }

  private static JsonObject outputText(String text) {
    return new JsonObject().put("type", "output_text").put("annotations", new JsonArray()).put("text", text);
  }

  private static JsonObject of(JsonObject item, int outputIndex) {
    return new JsonObject().put("item_id", item.getString("id")).put("output_index", outputIndex);
  }

  /** One named SSE event; its sequence number is filled in once its place in the stream is known. */
  private static String event(String type, JsonObject fields) {
    JsonObject data = new JsonObject().put("type", type).put("sequence_number", -1);
    fields.forEach(field -> data.put(field.getKey(), field.getValue()));
    return "event: " + type + "\ndata: " + data.encode() + "\n\n";
  }
}
