package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.ThinkingConfig;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Chat Completions body an OpenAI upstream receives for a canonical request. */
class OpenAiRequestEncodeTest {
  private final OpenAiWireFormat format = new OpenAiWireFormat();

  private static CanonicalRequest request(List<Part> system, List<Message> messages) {
    return new CanonicalRequest("gpt-4o", system, messages, null, null, null, null, null, null, null, null, null,
      null, null, false);
  }

  private static CanonicalRequest withThinking(ThinkingConfig thinking) {
    return new CanonicalRequest("o3", null, List.of(new Message(Role.USER, List.of(Part.Text.of("x")))), null, null,
      null, null, null, null, null, null, null, thinking, null, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"request-tools-images.json", "request-structured-reasoning.json"})
  void goldenRequestsComeBackAsTheySaid(String golden) {
    JsonObject body = OpenAiGoldenFiles.json(golden);
    JsonObject encoded = format.encodeRequest(format.decodeRequest(body, null, false));
    assertEquals(body, encoded);
    assertEquals(List.copyOf(body.fieldNames()), List.copyOf(encoded.fieldNames()), "OpenAI's own field order");
  }

  @Test
  void systemPartsBecomeOneLeadingSystemMessageJoinedByNewlines() {
    JsonObject body = format.encodeRequest(request(List.of(Part.Text.of("You are Claude Code."),
      new Part.Text("Be careful.", new JsonObject().put("type", "ephemeral"))),
      List.of(new Message(Role.USER, List.of(Part.Text.of("hi"))))));

    assertEquals(new JsonObject("""
      {"model":"gpt-4o","messages":[{"role":"system","content":"You are Claude Code.\\nBe careful."},
        {"role":"user","content":"hi"}]}"""), body, "the cache_control marker is dropped: OpenAI caches by itself");
  }

  @Test
  void toolResultsBecomeToolMessagesThenTheRestOfTheTurnAUserMessage() {
    JsonObject body = format.encodeRequest(request(null, List.of(
      new Message(Role.USER, List.of(Part.Text.of("Check both."))),
      new Message(Role.ASSISTANT, List.of(Part.Text.of("Checking"), Part.Text.of(" now."),
        new Part.ToolCall("toolu_01A", "read_file", "{\"path\":\"a.txt\"}"),
        new Part.ToolCall("toolu_01B", "read_file", "{\"path\":\"b.png\"}"))),
      new Message(Role.USER, List.of(
        new Part.ToolResult("toolu_01A", "read_file", List.of(Part.Text.of("line 1"), Part.Text.of("line 2")), false),
        // an error result goes out as its text: OpenAI's tool message has no error flag
        new Part.ToolResult("toolu_01B", "read_file", List.of(Part.Text.of("ENOENT: no such file"),
          new Part.Image(null, "image/png", "iVBORw0KGgo=", null)), true),
        Part.Text.of("What now?"),
        new Part.Image(null, "image/jpeg", "/9j/4AAQSkZJRg==", "low"))))));

    assertEquals(new JsonObject("""
      {"model":"gpt-4o","messages":[
        {"role":"user","content":"Check both."},
        {"role":"assistant","content":"Checking now.","tool_calls":[
          {"id":"toolu_01A","type":"function","function":{"name":"read_file","arguments":"{\\"path\\":\\"a.txt\\"}"}},
          {"id":"toolu_01B","type":"function","function":{"name":"read_file","arguments":"{\\"path\\":\\"b.png\\"}"}}]},
        {"role":"tool","tool_call_id":"toolu_01A","content":"line 1\\nline 2"},
        {"role":"tool","tool_call_id":"toolu_01B","content":"ENOENT: no such file"},
        {"role":"user","content":[{"type":"text","text":"What now?"},
          {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg==","detail":"low"}}]}]}"""),
      body, "the image inside the tool result is dropped: OpenAI tool messages take text only");
  }

  @Test
  void assistantReasoningIsDroppedBecauseOpenAiCannotTakeItBack() {
    JsonObject body = format.encodeRequest(request(null, List.of(
      new Message(Role.USER, List.of(Part.Text.of("2+2?"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("Simple sum.", "EqQBCkgIARABGAIiQL..."),
        new Part.RedactedThinking("EmwKAhgBEgy3va3pzix/LafPsn4a"), Part.Text.of("4"))),
      new Message(Role.USER, List.of(Part.Text.of("and 3+3?"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("only thought, no answer", "sig"))),
      new Message(Role.USER, List.of(Part.Text.of("?"))))));

    assertEquals(new JsonObject("""
      {"model":"gpt-4o","messages":[{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"},
        {"role":"user","content":"and 3+3?"},{"role":"user","content":"?"}]}"""), body,
      "an assistant turn of reasoning alone is left out: OpenAI rejects one with neither content nor tool calls");
  }

  /** Budget to effort: up to 2048 low, up to 16384 medium, above high; no budget medium; adaptive nothing. */
  @Test
  void thinkingBecomesReasoningEffort() {
    assertEquals("low", effort(new ThinkingConfig(true, 1024, null, false)));
    assertEquals("low", effort(new ThinkingConfig(true, 2048, null, false)));
    assertEquals("medium", effort(new ThinkingConfig(true, 2049, null, false)));
    assertEquals("medium", effort(new ThinkingConfig(true, 16384, null, false)));
    assertEquals("high", effort(new ThinkingConfig(true, 16385, null, false)));
    assertEquals(null, effort(new ThinkingConfig(true, null, null, true)), "adaptive: the model decides");
    assertEquals("medium", effort(new ThinkingConfig(true, null, null, false)), "enabled, no budget");
    assertEquals("minimal", effort(new ThinkingConfig(true, 8000, "minimal", false)), "an effort is sent as said");
    assertEquals(null, effort(new ThinkingConfig(false, null, null, false)), "disabled: the model's default");
  }

  /** gpt-4o and kin refuse reasoning_effort: a budget from another dialect is dropped for them, a said effort kept. */
  @Test
  void aThinkingBudgetReachesOnlyModelsThatTakeAnEffort() {
    CanonicalRequest budget = withThinking(new ThinkingConfig(true, 8000, null, false));
    assertEquals(null, format.encodeRequest(budget.with("gpt-4o", false)).getString("reasoning_effort"));
    assertEquals("medium", format.encodeRequest(budget.with("gpt-5-mini", false)).getString("reasoning_effort"));
    assertEquals("medium", format.encodeRequest(budget.with("openai/o4-mini", false)).getString("reasoning_effort"));
    CanonicalRequest said = withThinking(new ThinkingConfig(true, null, "high", false));
    assertEquals("high", format.encodeRequest(said.with("gpt-4o", false)).getString("reasoning_effort"));
  }

  private String effort(ThinkingConfig thinking) {
    return format.encodeRequest(withThinking(thinking)).getString("reasoning_effort");
  }

  @Test
  void toolChoiceModesAndNamedTool() {
    List<Tool> tools = List.of(new Tool("f", null, null));
    assertEquals("required", choice(tools, new ToolChoice(ToolChoice.Mode.ANY, null, null)).getValue("tool_choice"));
    assertEquals("none", choice(tools, new ToolChoice(ToolChoice.Mode.NONE, null, null)).getValue("tool_choice"));
    assertEquals(new JsonObject("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"),
      choice(tools, new ToolChoice(ToolChoice.Mode.NAMED, "f", false)).getValue("tool_choice"));
    assertEquals(false, choice(tools, new ToolChoice(ToolChoice.Mode.NAMED, "f", false)).getValue("parallel_tool_calls"));
    JsonObject noTools = choice(List.of(), new ToolChoice(ToolChoice.Mode.ANY, null, false));
    assertEquals(false, noTools.containsKey("tool_choice") || noTools.containsKey("parallel_tool_calls"),
      "without tools both are dropped: OpenAI rejects them then");
  }

  private JsonObject choice(List<Tool> tools, ToolChoice choice) {
    return format.encodeRequest(new CanonicalRequest("gpt-4o", null,
      List.of(new Message(Role.USER, List.of(Part.Text.of("x")))), tools, choice, null, null, null, null, null, null,
      null, null, null, false));
  }

  @Test
  void topKIsDroppedAndStreamAsksForUsage() {
    JsonObject body = format.encodeRequest(new CanonicalRequest("gpt-4o", null,
      List.of(new Message(Role.USER, List.of(Part.Text.of("x")))), null, null, 64, 1.0, null, 40, List.of("###"),
      7L, new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, null, new JsonObject().put("type", "object"), null),
      null, null, true));

    assertEquals(new JsonObject("""
      {"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"max_completion_tokens":64,"temperature":1.0,
       "stop":["###"],"seed":7,"response_format":{"type":"json_schema","json_schema":{"name":"response",
       "schema":{"type":"object"}}},"stream":true,"stream_options":{"include_usage":true}}"""), body,
      "top_k has no OpenAI field (OpenAI rejects it); a schema without a name (Gemini) is named 'response'");
  }
}
