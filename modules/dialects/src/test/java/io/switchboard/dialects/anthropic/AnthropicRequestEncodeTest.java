package io.switchboard.dialects.anthropic;

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
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical requests from other dialects written as Messages API bodies, and what Anthropic's rules change. */
class AnthropicRequestEncodeTest {
  private static final List<Message> HI = List.of(new Message(Role.USER, List.of(Part.Text.of("Hi"))));
  private static final List<Tool> TOOLS = List.of(new Tool("get_weather", "Weather for a city",
    new JsonObject("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")));

  private final AnthropicWireFormat format = new AnthropicWireFormat();

  private static CanonicalRequest request(List<Part> system, List<Message> messages, List<Tool> tools,
                                          ToolChoice choice, Integer maxTokens, Double temperature, Double topP,
                                          Integer topK, ThinkingConfig thinking) {
    return new CanonicalRequest("claude-sonnet-4-5", system, messages, tools, choice, maxTokens, temperature, topP,
      topK, null, null, null, thinking, null, false);
  }

  private JsonObject encode(Integer maxTokens, ThinkingConfig thinking) {
    return format.encodeRequest(request(null, HI, null, null, maxTokens, null, null, null, thinking));
  }

  @Test
  void minimalRequestGetsTheRequiredMaxTokens() {
    assertEquals(new JsonObject("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), encode(null, null));
  }

  @Test
  void responseFormatAndSeedAreDroppedStreamAndUserAreKept() {
    // Anthropic has no response_format (JSON mode) and no seed: both are dropped, never an error
    CanonicalRequest request = new CanonicalRequest("claude-sonnet-4-5", null, HI, null, null, 256, null, null, null,
      List.of("###"), 42L, new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "answer",
      new JsonObject("{\"type\":\"object\"}"), true), null, "user-7", true);
    assertEquals(new JsonObject("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop_sequences\":[\"###\"],"
      + "\"metadata\":{\"user_id\":\"user-7\"},\"stream\":true}"), format.encodeRequest(request));
  }

  @ParameterizedTest(name = "reasoning_effort {0} -> budget {1}")
  @CsvSource({"minimal, 1024", "low, 1024", "medium, 8192", "high, 24576"})
  void effortOnlyThinkingBecomesABudget(String effort, int budget) {
    JsonObject body = encode(null, new ThinkingConfig(true, null, effort, false));
    assertEquals(new JsonObject().put("type", "enabled").put("budget_tokens", budget), body.getJsonObject("thinking"));
    // max_tokens must exceed the budget: the default answer room comes on top of it
    assertEquals(budget + 4096, body.getInteger("max_tokens"));
  }

  @Test
  void effortNoneIsDisabledThinking() {
    assertEquals(new JsonObject().put("type", "disabled"),
      encode(null, new ThinkingConfig(false, null, "none", false)).getJsonObject("thinking"));
  }

  @Test
  void budgetShrinksToFitMaxTokensAndGoesWhenNoneFits() {
    // OpenAI's max_completion_tokens includes reasoning, as max_tokens does here: the budget gives way
    assertEquals(new JsonObject().put("type", "enabled").put("budget_tokens", 1999),
      encode(2000, new ThinkingConfig(true, null, "high", false)).getJsonObject("thinking"));
    JsonObject tiny = encode(500, new ThinkingConfig(true, null, "high", false));
    assertEquals(new JsonObject("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":500,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), tiny);
  }

  @Test
  void thinkingDropsTheSamplingAnthropicForbidsWithIt() {
    ThinkingConfig thinking = new ThinkingConfig(true, 2048, null, false);
    JsonObject body = format.encodeRequest(request(null, HI, null, null, 8000, 0.7, 0.5, 40, thinking));
    // temperature other than 1, top_k, and top_p below 0.95 are rejected alongside thinking
    assertEquals(new JsonObject("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8000,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
      + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}"), body);
    JsonObject allowed = format.encodeRequest(request(null, HI, null, null, 8000, 1.0, 0.95, null, thinking));
    assertEquals(1.0, allowed.getDouble("temperature"));
    assertEquals(0.95, allowed.getDouble("top_p"));
  }

  @Test
  void forcedToolChoiceWinsOverThinking() {
    JsonObject body = format.encodeRequest(request(null, HI, TOOLS, new ToolChoice(ToolChoice.Mode.ANY, null, true),
      8000, null, null, null, new ThinkingConfig(true, 2048, null, false)));
    assertEquals(new JsonObject("{\"type\":\"any\",\"disable_parallel_tool_use\":false}"),
      body.getJsonObject("tool_choice"));
    assertEquals(null, body.getValue("thinking"));
  }

  @Test
  void toolChoiceWithoutToolsIsDroppedAndNoneTakesNoParallelFlag() {
    ToolChoice none = new ToolChoice(ToolChoice.Mode.NONE, null, false);
    assertEquals(null, format.encodeRequest(request(null, HI, null, none, 10, null, null, null, null))
      .getValue("tool_choice"));
    assertEquals(new JsonObject().put("type", "none"),
      format.encodeRequest(request(null, HI, TOOLS, none, 10, null, null, null, null)).getJsonObject("tool_choice"));
  }

  @Test
  void conversationFromAnotherDialectIsMadeAcceptableToAnthropic() {
    List<Message> messages = List.of(
      new Message(Role.USER, List.of(Part.Text.of("Weather in Paris and Rome?"),
        new Part.Image("data:image/jpeg;base64,/9j/4AAQ", null, null, "high"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("OpenAI reasoning summary", null),
        new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
        new Part.ToolCall("call_2", "get_weather", "{\"city\":"))),
      new Message(Role.USER, List.of(new Part.ToolResult("call_1", "get_weather", List.of(Part.Text.of("18C")),
        false))),
      new Message(Role.USER, List.of(Part.Text.of("Also, be brief."))),
      new Message(Role.USER, List.of(new Part.ToolResult("call_2", "get_weather", List.of(), true))));
    List<Part> system = List.of(Part.Text.of("Be helpful."), new Part.Image("https://x/y.png", null, null, null),
      Part.Text.of("Use tools."));
    JsonObject body = format.encodeRequest(request(system, messages, TOOLS, ToolChoice.AUTO, 1000, null, null, null,
      null));
    // system: images have no place there, two texts stay two blocks; the data-URL image becomes a base64 source
    // and loses OpenAI's detail; unsigned thinking (another provider's) is dropped; broken tool arguments become {};
    // the three user turns merge into one with both tool results first
    assertEquals(new JsonObject("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1000,"
      + "\"system\":[{\"type\":\"text\",\"text\":\"Be helpful.\"},{\"type\":\"text\",\"text\":\"Use tools.\"}],"
      + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather in Paris and Rome?\"},"
      + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"/9j/4AAQ\"}}]},"
      + "{\"role\":\"assistant\",\"content\":["
      + "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}},"
      + "{\"type\":\"tool_use\",\"id\":\"call_2\",\"name\":\"get_weather\",\"input\":{}}]},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"18C\"},"
      + "{\"type\":\"tool_result\",\"tool_use_id\":\"call_2\",\"is_error\":true},"
      + "{\"type\":\"text\",\"text\":\"Also, be brief.\"}]}],"
      + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather for a city\","
      + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}],"
      + "\"tool_choice\":{\"type\":\"auto\"}}"), body);
  }

  @Test
  void toolWithoutParametersGetsAnEmptyObjectSchema() {
    JsonObject body = format.encodeRequest(request(null, HI, List.of(new Tool("now", null, null)), null, 10, null,
      null, null, null));
    assertEquals(new JsonObject("{\"name\":\"now\",\"input_schema\":{\"type\":\"object\"}}"),
      body.getJsonArray("tools").getJsonObject(0));
  }
}
