package io.switchboard.providers.anthropic;

import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderKind;
import io.switchboard.bench.BenchDefaults;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The body an Anthropic upstream gets for an Anthropic client's request (the provider's pass-through): the client's
 * body with the upstream's model name. The request is shaped as Claude Code's are, and about as large (43 KB:
 * a long system prompt, 16 tools, 40 turns of text, tool calls and tool results). In this package: the protocol is
 * package-private.
 */
public class AnthropicPassThroughBench extends BenchDefaults {
  private final AnthropicProtocol protocol = new AnthropicProtocol();
  private ProviderCall call;

  @Setup
  public void setUp() {
    JsonArray tools = new JsonArray();
    for (int i = 0; i < 16; i++) {
      JsonObject schema = new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("path", new JsonObject().put("type", "string"))
          .put("limit", new JsonObject().put("type", "integer")))
        .put("required", new JsonArray().add("path"));
      tools.add(new JsonObject().put("name", "Tool" + i)
        .put("description", "Does step " + i + " of the work. ".repeat(12)).put("input_schema", schema));
    }
    JsonArray messages = new JsonArray();
    for (int turn = 0; turn < 20; turn++) {
      messages.add(new JsonObject().put("role", "user").put("content", new JsonArray()
        .add(new JsonObject().put("type", "tool_result").put("tool_use_id", "toolu_" + turn)
          .put("content", "line of the file that was read\n".repeat(20)))
        .add(new JsonObject().put("type", "text").put("text", "Now look at the next file, please."))));
      messages.add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "I will read the next file."))
        .add(new JsonObject().put("type", "tool_use").put("id", "toolu_" + (turn + 1)).put("name", "Tool1")
          .put("input", new JsonObject().put("path", "src/main/File" + turn + ".java").put("limit", 200)))));
    }
    JsonObject body = new JsonObject().put("model", "claude-sonnet-4-5").put("max_tokens", 32000).put("stream", true)
      .put("system", new JsonArray().add(new JsonObject().put("type", "text")
        .put("text", "Follow the repository conventions carefully. ".repeat(400))
        .put("cache_control", new JsonObject().put("type", "ephemeral"))))
      .put("tools", tools).put("messages", messages);
    ChatRequest request = new ChatRequest(Dialect.ANTHROPIC, "claude-sonnet-4-5", true, true,
      new JsonObject(body.toBuffer())); // decoded from bytes, as a client's request is
    call = new ProviderCall("req_bench", new Candidate(1, "anthropic-1", ProviderKind.ANTHROPIC,
      "claude-sonnet-4-5-20250929"), request, 65_536);
  }

  @Benchmark
  public Buffer upstreamBody() {
    return protocol.passThroughBody(null, call);
  }
}
