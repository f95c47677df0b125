package io.switchboard.dialects.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Dialect;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.ThinkingConfig;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.switchboard.dialects.GoldenFiles;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body an upstream that speaks only the Responses API receives for a request of another dialect. */
class ResponsesRequestEncodeTest {
  private final ResponsesWireFormat format = new ResponsesWireFormat();

  private static CanonicalRequest request(String model, List<Message> messages, List<Tool> tools, ToolChoice choice,
                                          ThinkingConfig thinking) {
    return new CanonicalRequest(model, List.of(), messages, tools, choice, null, null, null, null, List.of(), null,
      null, thinking, null, false);
  }

  /**
   * Claude Code's request: cache markers, Anthropic's thinking and redacted thinking, the tool result's error flag
   * and Anthropic's own web_search tool have no place here; the budget becomes an effort for a reasoning model.
   */
  @Test
  void claudeCodeRequestForAResponsesUpstream() {
    CanonicalRequest claude = WireFormats.of(Dialect.ANTHROPIC)
      .decodeRequest(GoldenFiles.json("anthropic/request-claude-code.json"), null, false);

    assertEquals(GoldenFiles.json("responses/request-from-claude-code.json"),
      format.encodeRequest(claude.with("gpt-5", claude.stream())));
  }

  /** Reasoning OpenAI encrypted goes back to it as reasoning items; anything else it could not decrypt stays out. */
  @Test
  void onlyOpenAiEncryptedReasoningGoesBack() {
    JsonObject body = format.encodeRequest(request("gpt-5", List.of(
      new Message(Role.USER, List.of(Part.Text.of("hi"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("Greeting.", "gAAAAABo8xK2"),
        new Part.RedactedThinking("gAAAAABo9yL3"), new Part.Thinking("Anthropic's.", "EqQBCgIYAhIM"),
        new Part.RedactedThinking("EmwKAhgBEgy3"), new Part.Thinking("unsigned", null), Part.Text.of(""),
        Part.Text.of("Hello!")))), List.of(), null, null));

    assertEquals(new JsonObject("""
      {"model":"gpt-5","input":[
        {"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},
        {"type":"reasoning","summary":[{"type":"summary_text","text":"Greeting."}],"encrypted_content":"gAAAAABo8xK2"},
        {"type":"reasoning","summary":[],"encrypted_content":"gAAAAABo9yL3"},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello!"}]}],
       "store":false}"""), body);
  }

  /**
   * The Responses API has no stop sequences, top_k or seed: dropped. Tool results lead their turn, images go as
   * input_image (detail auto unless said), tools are not strict, and a choice without tools is not sent.
   */
  @Test
  void toolsResultsImagesAndWhatIsDropped() {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject()
      .put("city", new JsonObject().put("type", "string")));
    CanonicalRequest request = new CanonicalRequest("gpt-4.1", List.of(Part.Text.of("Be brief."),
      Part.Text.of("Use tools.")), List.of(
        new Message(Role.USER, List.of(Part.Text.of("Weather here?"),
          new Part.Image(null, "image/png", "iVBORw0KGgo=", null), new Part.Image("https://x.test/a.jpg", null, null,
            "low"))),
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}"),
          new Part.ToolCall("toolu_2", "now", null))),
        new Message(Role.USER, List.of(Part.Text.of("and?"), new Part.ToolResult("toolu_1", "get_weather",
          List.of(Part.Text.of("-3"), new Part.Image("https://x.test/chart.png", null, null, null), Part.Text.of("C")),
          true), new Part.ToolResult("toolu_2", "now", List.of(), false)))),
      List.of(new Tool("get_weather", "Weather by city", schema), new Tool("now", null, null)),
      new ToolChoice(ToolChoice.Mode.NAMED, "get_weather", false), 512, 0.3, 0.8, 40, List.of("END"), 7L,
      new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, null, schema, null), null, "user-1", true);

    assertEquals(new JsonObject("""
      {"model":"gpt-4.1","instructions":"Be brief.\\nUse tools.","input":[
        {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather here?"},
          {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"},
          {"type":"input_image","image_url":"https://x.test/a.jpg","detail":"low"}]},
        {"type":"function_call","call_id":"toolu_1","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
        {"type":"function_call","call_id":"toolu_2","name":"now","arguments":"{}"},
        {"type":"function_call_output","call_id":"toolu_1","output":"-3\\nC"},
        {"type":"function_call_output","call_id":"toolu_2","output":""},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"and?"}]}],
       "tools":[{"type":"function","name":"get_weather","description":"Weather by city","parameters":%s,"strict":false},
         {"type":"function","name":"now","parameters":{"type":"object","properties":{}},"strict":false}],
       "tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false,
       "max_output_tokens":512,"temperature":0.3,"top_p":0.8,
       "text":{"format":{"type":"json_schema","name":"response","schema":%s}},
       "user":"user-1","store":false,"stream":true}""".formatted(schema.encode(), schema.encode())),
      format.encodeRequest(request));
    assertEquals(new JsonObject("{\"model\":\"m\",\"input\":[],\"store\":false}"), format.encodeRequest(request("m",
      List.of(), List.of(), ToolChoice.AUTO, null)), "no tools: no tool_choice");
  }

  /** Efforts follow OpenAI's rule: said ones always, budgets only for reasoning models; no summary is asked. */
  @Test
  void reasoning() {
    JsonObject effort = format.encodeRequest(request("gpt-4.1", List.of(), List.of(), null,
      new ThinkingConfig(true, null, "low", false)));
    assertEquals(new JsonObject().put("effort", "low"), effort.getJsonObject("reasoning"));
    assertEquals(List.of("reasoning.encrypted_content"), effort.getJsonArray("include").getList());
    assertEquals(new JsonObject().put("effort", "high"), format.encodeRequest(request("o4-mini", List.of(),
      List.of(), null, new ThinkingConfig(true, 20000, null, false))).getJsonObject("reasoning"));
    assertEquals(null, format.encodeRequest(request("gpt-4.1", List.of(), List.of(), null,
      new ThinkingConfig(true, 20000, null, false))).getValue("reasoning"), "gpt-4.1 takes no reasoning parameter");
  }
}
