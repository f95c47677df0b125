package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
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

/** A client's Chat Completions body as the canonical request, and the 400s bad bodies get. */
class OpenAiRequestDecodeTest {
  private final OpenAiWireFormat format = new OpenAiWireFormat();

  private CanonicalRequest decode(String json) {
    return format.decodeRequest(new JsonObject(json), null, false);
  }

  private static Part text(String text) {
    return Part.Text.of(text);
  }

  @Test
  void goldenRequestWithImagesToolsAndToolTurns() {
    CanonicalRequest request = format.decodeRequest(OpenAiGoldenFiles.json("request-tools-images.json"), null, false);

    String madison = "call_Jx7dEyvHdPG7Wd1kS2Z3bQpU";
    String paris = "call_9aKmvuJg0lHHbIuO4oA3Nf2x";
    JsonObject parameters = OpenAiGoldenFiles.json("request-tools-images.json").getJsonArray("tools")
      .getJsonObject(0).getJsonObject("function").getJsonObject("parameters");
    CanonicalRequest expected = new CanonicalRequest("gpt-4o",
      List.of(text("You are a helpful travel assistant. Answer briefly.")),
      List.of(
        new Message(Role.USER, List.of(text("What's the weather like in the places in these photos?"),
          new Part.Image("https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-"
            + "boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg", null, null, "high"),
          new Part.Image(null, "image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
            + "awAAAABJRU5ErkJggg==", null))),
        new Message(Role.ASSISTANT, List.of(
          new Part.ToolCall(madison, "get_current_weather", "{\"location\": \"Madison, WI\", \"unit\": \"fahrenheit\"}"),
          new Part.ToolCall(paris, "get_current_weather", "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}"))),
        // both tool messages and the user's next words: one USER turn, each result named after its call
        new Message(Role.USER, List.of(
          new Part.ToolResult(madison, "get_current_weather",
            List.of(text("{\"location\": \"Madison, WI\", \"temperature\": 72, \"unit\": \"fahrenheit\"}")), false),
          new Part.ToolResult(paris, "get_current_weather",
            List.of(text("{\"location\": \"Paris, France\", \"temperature\": 22, \"unit\": \"celsius\"}")), false),
          text("Which one is warmer?"))),
        new Message(Role.ASSISTANT,
          List.of(text("Madison is warmer: 72°F is about 22°C, so they are nearly the same."))),
        new Message(Role.USER, List.of(text("Thanks!")))),
      List.of(new Tool("get_current_weather", "Get the current weather in a given location", parameters)),
      new ToolChoice(ToolChoice.Mode.AUTO, null, true), 1024, 0.2, 0.9, null, List.of("\n\nUser:"), 42L, null, null,
      "user-1234", true);
    assertEquals(expected, request);
  }

  @Test
  void systemAndDeveloperMessagesBecomeSystemPartsInOrderEvenAfterTheFirstUserTurn() {
    CanonicalRequest request = decode("""
      {"model":"gpt-4o","messages":[
        {"role":"developer","content":"Be terse."},
        {"role":"user","content":"hi"},
        {"role":"system","content":[{"type":"text","text":"Answer in French."},{"type":"text","text":"No emoji."}]},
        {"role":"assistant","content":"Salut."},
        {"role":"user","content":"again"}]}""");

    assertEquals(List.of(text("Be terse."), text("Answer in French."), text("No emoji.")), request.system());
    assertEquals(List.of(new Message(Role.USER, List.of(text("hi"))),
      new Message(Role.ASSISTANT, List.of(text("Salut."))), new Message(Role.USER, List.of(text("again")))),
      request.messages());
  }

  @Test
  void assistantReasoningContentComesFirstAndRefusalsAndEmptyContentAreIgnored() {
    CanonicalRequest request = decode("""
      {"model":"deepseek-reasoner","messages":[
        {"role":"user","content":"weather?"},
        {"role":"assistant","reasoning_content":"Need the tool.","content":"",
         "refusal":"I cannot.","tool_calls":[{"id":"call_1","type":"function",
         "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"-3"},{"type":"text","text":"C"}]},
        {"role":"assistant","content":[{"type":"text","text":"It is "},{"type":"refusal","refusal":"no"},
          {"type":"text","text":"cold."}]}]}""");

    assertEquals(List.of(
      new Message(Role.USER, List.of(text("weather?"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("Need the tool.", null),
        new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))),
      new Message(Role.USER, List.of(new Part.ToolResult("call_1", "get_weather", List.of(text("-3"), text("C")),
        false))),
      new Message(Role.ASSISTANT, List.of(text("It is "), text("cold.")))), request.messages());
  }

  @Test
  void samplingAndControlFields() {
    CanonicalRequest request = decode("""
      {"model":"o4-mini","messages":[{"role":"user","content":"x"}],"max_tokens":300,"stop":"END",
       "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"required","reasoning_effort":"low",
       "response_format":{"type":"json_object"},"top_k":40,"stream":true}""");

    assertEquals(300, request.maxTokens());
    assertEquals(List.of("END"), request.stop());
    assertEquals(List.of(new Tool("f", null, null)), request.tools());
    assertEquals(new ToolChoice(ToolChoice.Mode.ANY, null, null), request.toolChoice());
    assertEquals(new ThinkingConfig(true, null, "low", false), request.thinking());
    assertEquals(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, null), request.responseFormat());
    assertEquals(40, request.topK(), "top_k is not OpenAI's, but vLLM-style clients send it");
    assertTrue(request.stream());
  }

  @Test
  void toolChoiceForms() {
    String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],";
    assertEquals(new ToolChoice(ToolChoice.Mode.NONE, null, null), decode(base + "\"tool_choice\":\"none\"}").toolChoice());
    assertEquals(new ToolChoice(ToolChoice.Mode.NAMED, "f", false), decode(base
      + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},\"parallel_tool_calls\":false}")
      .toolChoice());
    assertEquals(new ToolChoice(ToolChoice.Mode.AUTO, null, false),
      decode(base + "\"parallel_tool_calls\":false}").toolChoice(), "parallel alone: auto, one call at a time");
    assertEquals(new ToolChoice(ToolChoice.Mode.ANY, null, null), decode(base + "\"tool_choice\":{\"type\":"
      + "\"allowed_tools\",\"allowed_tools\":{\"mode\":\"required\",\"tools\":[{\"type\":\"function\","
      + "\"function\":{\"name\":\"f\"}}]}}}").toolChoice(), "allowed_tools: its mode travels, its list is dropped");
    assertEquals(new ThinkingConfig(false, null, "none", false),
      decode(base + "\"reasoning_effort\":\"none\"}").thinking());
  }

  @Test
  void theModelAndStreamGivenByTheCallerWin() {
    CanonicalRequest request = format.decodeRequest(
      new JsonObject("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "alias-4o", true);
    assertEquals("alias-4o", request.model());
    assertTrue(request.stream());
  }

  /**
   * Every field the canonical model cannot carry, and why: n (one answer only), logprobs, top_logprobs,
   * presence_penalty, frequency_penalty, logit_bias (no other dialect has them all), audio and modalities (text
   * out only), prediction, service_tier, store, metadata (OpenAI-side storage and tiers), web_search_options
   * (OpenAI's hosted search), verbosity, prompt_cache_key, safety_identifier, the legacy functions/function_call,
   * messages[].name, tools[].function.strict, custom tools, input_audio and file parts. stream_options is honoured
   * by the stream encoder (includeUsage), not carried.
   */
  @Test
  void fieldsCanonicalCannotCarryVanish() {
    String plain = """
      {"model":"gpt-4o","messages":[{"role":"system","content":"s"},
        {"role":"user","content":[{"type":"text","text":"hello"}]}],
       "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""";
    String everything = """
      {"model":"gpt-4o","messages":[{"role":"system","content":"s","name":"ops"},
        {"role":"user","name":"alice","content":[{"type":"text","text":"hello"},
          {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
          {"type":"file","file":{"file_id":"file-abc123"}}]}],
       "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}},
         {"type":"custom","custom":{"name":"grammar_tool"}}],
       "n":1,"logprobs":true,"top_logprobs":3,"presence_penalty":0.5,"frequency_penalty":0.25,
       "logit_bias":{"50256":-100},"audio":{"voice":"alloy","format":"mp3"},"modalities":["text","audio"],
       "prediction":{"type":"content","content":"draft"},"service_tier":"flex","store":true,
       "metadata":{"team":"search"},"web_search_options":{"search_context_size":"low"},
       "stream_options":{"include_usage":true},"verbosity":"low","prompt_cache_key":"k1",
       "safety_identifier":"hash-1","functions":[{"name":"legacy"}],"function_call":"auto"}""";

    CanonicalRequest canonical = decode(everything);
    assertEquals(decode(plain), canonical);
    JsonObject upstream = format.encodeRequest(canonical);
    assertEquals(new JsonObject("""
      {"model":"gpt-4o","messages":[{"role":"system","content":"s"},{"role":"user","content":"hello"}],
       "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}"""), upstream);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
    {"messages":[{"role":"user","content":"x"}]}                                                      | model
    {"model":"m"}                                                                                     | messages
    {"model":"m","messages":[]}                                                                       | messages
    {"model":"m","messages":["hi"]}                                                                   | messages[0]
    {"model":"m","messages":[{"role":"robot","content":"x"}]}                                         | messages[0].role
    {"model":"m","messages":[{"role":"function","name":"f","content":"x"}]}                           | messages[0].role
    {"model":"m","messages":[{"content":"x"}]}                                                        | messages[0].role
    {"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":42}]}             | messages[1].content
    {"model":"m","messages":[{"role":"user"}]}                                                        | messages[0].content
    {"model":"m","messages":[{"role":"system","content":[{"type":"image_url"}]}]}                     | messages[0].content[0].type
    {"model":"m","messages":[{"role":"user","content":[{"type":"video"}]}]}                           | messages[0].content[0].type
    {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":7}]}]}                   | messages[0].content[0].text
    {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}         | messages[0].content[0].image_url.url
    {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]} | messages[0].content[0].image_url.url
    {"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_9","content":"r"}]} | messages[1].tool_call_id
    {"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"r"}]}            | messages[1].tool_call_id
    {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function"}]}]}       | messages[0].tool_calls[0].function
    {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"arguments":"{}"}}]}]} | messages[0].tool_calls[0].function.name
    {"model":"m","messages":[{"role":"assistant","content":5}]}                                       | messages[0].content
    {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}                      | temperature
    {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}                         | max_tokens
    {"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":1000000000000}     | max_completion_tokens
    {"model":"m","messages":[{"role":"user","content":"x"}],"stop":5}                                 | stop
    {"model":"m","messages":[{"role":"user","content":"x"}],"stop":[1]}                               | stop[0]
    {"model":"m","messages":[{"role":"user","content":"x"}],"seed":"s"}                               | seed
    {"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":"sometimes"}                | tool_choice
    {"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"function"}}         | tool_choice.function
    {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{}}]} | tools[0].function.name
    {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"retrieval"}]}           | tools[0].type
    {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"xml"}}         | response_format.type
    {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema"}} | response_format.json_schema
    {"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"extreme"}             | reasoning_effort
    {"model":"m","messages":[{"role":"user","content":"x"}],"parallel_tool_calls":"yes"}              | parallel_tool_calls
    {"model":"m","messages":[{"role":"user","content":"x"}],"stream":"true"}                          | stream
    """)
  void badInputIsA400NamingTheField(String body, String field) {
    GatewayException e = assertThrows(GatewayException.class, () -> decode(body));
    assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  /** One choice is all another provider's API returns: asking for more is refused, not silently cut to one. */
  @Test
  void moreThanOneChoiceIsRefused() {
    io.switchboard.api.GatewayException refused = org.junit.jupiter.api.Assertions.assertThrows(
      io.switchboard.api.GatewayException.class, () -> new OpenAiWireFormat().decodeRequest(new JsonObject(
        "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), null, false));
    assertEquals(io.switchboard.api.ErrorKind.BAD_REQUEST, refused.kind());
    org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("'n'"));
  }
}
