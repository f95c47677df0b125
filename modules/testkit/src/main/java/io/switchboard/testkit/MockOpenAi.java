package io.switchboard.testkit;

import static io.switchboard.testkit.MockUpstream.COMPLETION_ID;
import static io.switchboard.testkit.MockUpstream.CREATED;
import static io.switchboard.testkit.MockUpstream.DONE_EVENT;
import static io.switchboard.testkit.MockUpstream.chunkJson;
import static io.switchboard.testkit.MockUpstream.contentDelta;
import static io.switchboard.testkit.MockUpstream.usageChunkJson;
import static io.switchboard.testkit.MockUpstream.usageJson;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mock's OpenAI routes: chat completions (also under Azure deployment paths) and embeddings. */
public final class MockOpenAi {

  public static final String TOOL_CALL_ID = "call_mock";
  public static final String EMBEDDING_MODEL = "text-embedding-3-small";
  public static final String AZURE_NOT_FOUND = "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}";

  private final MockUpstream owner;

  MockOpenAi(MockUpstream owner) {
    this.owner = owner;
  }

  /** The chat.completion with one tool call that the mock answers in tool-call mode. */
  public static String toolCallCompletionJson(String model, MockBehavior b) {
    return "{\"id\":\"" + COMPLETION_ID + "\",\"object\":\"chat.completion\",\"created\":" + CREATED
        + ",\"model\":" + Json.encode(model) + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"" + TOOL_CALL_ID + "\",\"type\":\"function\",\"function\":"
        + "{\"name\":" + Json.encode(b.toolName()) + ",\"arguments\":" + Json.encode(b.toolArguments()) + "}}],"
        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":" + usageJson(b) + ",\"system_fingerprint\":null}";
  }

  /** The delta opening a streamed tool call: id, type and name, empty arguments. */
  public static String toolCallStartDelta(MockBehavior b) {
    return "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"" + TOOL_CALL_ID
        + "\",\"type\":\"function\",\"function\":{\"name\":" + Json.encode(b.toolName()) + ",\"arguments\":\"\"}}]}";
  }

  /** The delta carrying one fragment of the streamed tool call's arguments. */
  public static String toolCallArgumentsDelta(String fragment) {
    return "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + Json.encode(fragment) + "}}]}";
  }

  /**
   * Every SSE event of a chat completion stream for {@code b}, in order: content chunks (or the tool call's opening
   * chunk and one chunk per argument fragment), the finish chunk, the usage chunk when asked for, [DONE].
   */
  public static List<String> streamEvents(String model, MockBehavior b, boolean includeUsage) {
    return plan(model, b, includeUsage).all();
  }

  static EventPlan<String> plan(String model, MockBehavior b, boolean includeUsage) {
    List<String> closing = new ArrayList<>();
    String finish = b.toolCall() ? "\"tool_calls\"" : "\"stop\"";
    closing.add(sse(chunkJson(model, "{}", finish, includeUsage)));
    if (includeUsage) {
      closing.add(sse(usageChunkJson(model, b)));
    }
    closing.add(DONE_EVENT);
    if (!b.toolCall()) {
      return new EventPlan<>(List.of(), b.chunks(),
          i -> sse(chunkJson(model, contentDelta(i), "null", includeUsage)), closing);
    }
    List<String> fragments = b.argumentFragments();
    return new EventPlan<>(List.of(sse(chunkJson(model, toolCallStartDelta(b), "null", includeUsage))),
        fragments.size(), i -> sse(chunkJson(model, toolCallArgumentsDelta(fragments.get(i)), "null", includeUsage)),
        closing);
  }

  /** The fixed vector the mock returns for the input at {@code index}: exact in float32 and in decimal. */
  public static float[] embedding(int index) {
    return new float[] {0.5f, -0.25f, 0.125f, 0.0625f * (index + 1)};
  }

  /** An embeddings list for {@code inputs} inputs, vectors as float arrays or base64 of little-endian float32. */
  public static String embeddingsJson(String model, int inputs, boolean base64, MockBehavior b) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < inputs; i++) {
      data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
          .append(",\"embedding\":").append(base64 ? base64(embedding(i)) : floats(embedding(i))).append('}');
    }
    return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":" + Json.encode(model)
        + ",\"usage\":{\"prompt_tokens\":" + b.promptTokens() + ",\"total_tokens\":" + b.promptTokens() + "}}";
  }

  /** Chat completions; {@code deployment} is the Azure deployment, or null on the OpenAI path. */
  void chat(HttpServerRequest request, Buffer body, MockBehavior b, String deployment) {
    if (deployment != null && request.getParam("api-version") == null) {
      // Azure answers a request without api-version as an unknown resource
      MockUpstream.sendJson(request.response(), 404, AZURE_NOT_FOUND);
      return;
    }
    if (b.status() != 200) {
      MockUpstream.sendError(request.response(), b, b.errorBody());
      return;
    }
    JsonObject json = MockUpstream.jsonOrNull(body);
    if (json == null) {
      MockUpstream.sendJson(request.response(), 400, MockUpstream.errorJson(
          "We could not parse the JSON body of your request.", "invalid_request_error"));
      return;
    }
    String model = json.getValue("model") instanceof String s ? s : deployment != null ? deployment : "mock-model";
    if (Boolean.TRUE.equals(json.getValue("stream"))) {
      boolean includeUsage = json.getValue("stream_options") instanceof JsonObject o
          && Boolean.TRUE.equals(o.getValue("include_usage"));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("content-type", "text/event-stream");
      headers.put("cache-control", "no-cache");
      new MockStream(owner, request, b, plan(model, b, includeUsage).map((i, e) -> Buffer.buffer(e)), headers)
          .start();
    } else {
      MockUpstream.sendJson(request.response(), 200, MockUpstream.completionJson(model, b));
    }
  }

  /** Embeddings; {@code deployment} is the Azure deployment, or null on the OpenAI path. */
  void embeddings(HttpServerRequest request, Buffer body, MockBehavior b, String deployment) {
    if (deployment != null && request.getParam("api-version") == null) {
      MockUpstream.sendJson(request.response(), 404, AZURE_NOT_FOUND);
      return;
    }
    if (b.status() != 200) {
      MockUpstream.sendError(request.response(), b, b.errorBody());
      return;
    }
    JsonObject json = MockUpstream.jsonOrNull(body);
    int inputs = json == null ? 0 : inputCount(json.getValue("input"));
    if (inputs == 0) {
      MockUpstream.sendJson(request.response(), 400, MockUpstream.errorJson(
          "'input' is a required property and must be a non-empty string or array", "invalid_request_error"));
      return;
    }
    String model = json.getValue("model") instanceof String s ? s : deployment != null ? deployment : EMBEDDING_MODEL;
    boolean base64 = "base64".equals(json.getValue("encoding_format"));
    MockUpstream.sendJson(request.response(), 200, embeddingsJson(model, inputs, base64, b));
  }

  /** A string or one token array is one input; an array of strings or of token arrays is one input each. */
  private static int inputCount(Object input) {
    if (input instanceof String) {
      return 1;
    }
    if (input instanceof JsonArray array && !array.isEmpty()) {
      return array.getValue(0) instanceof Number ? 1 : array.size();
    }
    return 0;
  }

  private static String floats(float[] vector) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < vector.length; i++) {
      out.append(i == 0 ? "" : ",").append(vector[i]);
    }
    return out.append(']').toString();
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      bytes.putFloat(v);
    }
    return "\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"";
  }

  private static String sse(String json) {
    return "data: " + json + "\n\n";
  }
}
