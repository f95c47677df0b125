package io.switchboard.dialects.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.ThinkingConfig;
import io.switchboard.api.chat.ToolChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages API requests read into the canonical model, and the round trip back for what the model carries. */
class AnthropicRequestDecodeTest {
  private final AnthropicWireFormat format = new AnthropicWireFormat();

  private CanonicalRequest decode(String json) {
    return format.decodeRequest(new JsonObject(json), null, false);
  }

  @Test
  void claudeCodeRequestRoundTripsExceptTheFieldsNamedHere() {
    JsonObject original = AnthropicGolden.json("request-claude-code.json");
    JsonObject encoded = format.encodeRequest(format.decodeRequest(original, null, false));

    JsonObject expected = original.copy();
    // request fields only Anthropic understands: on conversion they have no target (pass-through keeps them)
    expected.remove("context_management");
    JsonArray tools = expected.getJsonArray("tools");
    tools.remove(3); // the web_search server tool: no input_schema, only Anthropic can run it
    tools.getJsonObject(2).remove("defer_loading"); // Anthropic's tool search: no canonical field
    tools.getJsonObject(1).remove("cache_control"); // cache_control survives on text only
    // a tool_result holding one plain text block comes back in the equivalent string form
    expected.getJsonArray("messages").getJsonObject(4).getJsonArray("content").getJsonObject(0)
      .put("content", "error: could not find `Cargo.toml` in `/home/dev/app` or any parent directory");
    assertEquals(expected, encoded);
  }

  @Test
  void claudeCodeRequestDecodesToTheCanonicalModel() {
    CanonicalRequest request = format.decodeRequest(AnthropicGolden.json("request-claude-code.json"), null, false);
    assertEquals("claude-sonnet-4-5-20250929", request.model());
    assertEquals(2, request.system().size());
    assertEquals(new JsonObject().put("type", "ephemeral"), ((Part.Text) request.system().get(0)).cacheControl());
    assertEquals(List.of("Read", "Bash", "mcp__github__search_issues"),
      request.tools().stream().map(tool -> tool.name()).toList());
    assertEquals("http://json-schema.org/draft-07/schema#", request.tools().get(0).parameters().getString("$schema"));
    assertEquals(new ThinkingConfig(true, 31999, null, false), request.thinking());
    assertEquals(32000, request.maxTokens());
    assertEquals(1.0, request.temperature());
    assertTrue(request.stream());
    assertTrue(request.user().startsWith("{\"device_id\":"));
    List<Message> messages = request.messages();
    assertEquals(5, messages.size());
    assertEquals(new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "Read",
      "{\"file_path\":\"/home/dev/app/src/main.rs\"}"), messages.get(1).parts().get(2));
    // the tool result learns its tool's name from the earlier call (Gemini needs it)
    Part.ToolResult result = (Part.ToolResult) messages.get(4).parts().get(0);
    assertEquals("Bash", result.toolName());
    assertTrue(result.isError());
    assertEquals(List.of(Part.Text.of("error: could not find `Cargo.toml` in `/home/dev/app` or any parent directory")),
      result.content());
    assertEquals(Role.USER, messages.get(4).role());
  }

  @Test
  void modelAndStreamParametersOverrideTheBody() {
    String body = "{\"model\":\"claude-opus-4-1\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    CanonicalRequest request = format.decodeRequest(new JsonObject(body), "claude-from-url", true);
    assertEquals("claude-from-url", request.model());
    assertTrue(request.stream());
    CanonicalRequest plain = decode(body);
    assertEquals("claude-opus-4-1", plain.model());
    assertFalse(plain.stream());
    assertEquals(List.of(new Message(Role.USER, List.of(Part.Text.of("Hi")))), plain.messages());
  }

  @Test
  void systemRoleMessageJoinsTheSystemPromptAndAdaptiveThinkingKeepsItsEffort() {
    CanonicalRequest request = decode("{\"model\":\"claude-opus-4-6\",\"max_tokens\":64000,"
      + "\"system\":\"You are Claude Code.\",\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"high\"},"
      + "\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
      + "{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertEquals(List.of(Part.Text.of("You are Claude Code."), Part.Text.of("Be brief.")), request.system());
    assertEquals(1, request.messages().size());
    assertEquals(new ThinkingConfig(true, null, "high", true), request.thinking());
    JsonObject encoded = format.encodeRequest(request);
    assertEquals(new JsonObject().put("type", "adaptive"), encoded.getJsonObject("thinking"));
    assertEquals(new JsonObject().put("effort", "high"), encoded.getJsonObject("output_config"));
  }

  @Test
  void imagesToolChoiceSamplingAndDisabledThinking() {
    CanonicalRequest request = decode("{\"model\":\"m\",\"max_tokens\":100,\"temperature\":0.2,\"top_p\":0.9,"
      + "\"top_k\":40,\"stop_sequences\":[\"END\"],\"thinking\":{\"type\":\"disabled\"},"
      + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
      + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":["
      + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},"
      + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}},"
      + "{\"type\":\"text\",\"text\":\"What are these?\"}]}]}");
    assertEquals(List.of(new Part.Image(null, "image/png", "iVBORw0KGgo=", null),
      new Part.Image("https://example.com/cat.jpg", null, null, null), Part.Text.of("What are these?")),
      request.messages().get(0).parts());
    assertEquals(new ToolChoice(ToolChoice.Mode.NAMED, "f", false), request.toolChoice());
    assertEquals(0.2, request.temperature());
    assertEquals(0.9, request.topP());
    assertEquals(40, request.topK());
    assertEquals(List.of("END"), request.stop());
    assertEquals(new ThinkingConfig(false, null, null, false), request.thinking());
    assertNull(request.seed());
    assertNull(request.responseFormat());
    assertEquals(new JsonObject("{\"model\":\"m\",\"max_tokens\":100,\"temperature\":0.2,\"top_p\":0.9,\"top_k\":40,"
      + "\"stop_sequences\":[\"END\"],\"thinking\":{\"type\":\"disabled\"},"
      + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
      + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":["
      + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},"
      + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}},"
      + "{\"type\":\"text\",\"text\":\"What are these?\"}]}]}"), format.encodeRequest(request));
  }

  @Test
  void blocksAndToolsTheModelCannotCarryAreDroppedByName() {
    CanonicalRequest request = decode("{\"model\":\"m\",\"max_tokens\":100,"
      + "\"tools\":[{\"type\":\"bash_20250124\",\"name\":\"bash\"},{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}],"
      + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"text\","
      + "\"media_type\":\"text/plain\",\"data\":\"doc\"}}]},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"file_01\"}},"
      + "{\"type\":\"text\",\"text\":\"Summarise\",\"citations\":[]}]},"
      + "{\"role\":\"assistant\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\","
      + "\"input\":{\"query\":\"q\"}},{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]},"
      + "{\"type\":\"text\",\"text\":\"Done\"}]}]}");
    // server tools (no input_schema) are gone; a turn of only a document is left out; file images, citations,
    // server_tool_use and web_search_tool_result blocks are dropped
    assertTrue(request.tools().isEmpty());
    assertEquals(List.of(new Message(Role.USER, List.of(Part.Text.of("Summarise"))),
      new Message(Role.ASSISTANT, List.of(Part.Text.of("Done")))), request.messages());
  }

  @Test
  void requestFieldsOnlyAnthropicUnderstandsAreNotCarried() {
    JsonObject body = new JsonObject("{\"model\":\"m\",\"max_tokens\":4000,\"service_tier\":\"auto\","
      + "\"container\":\"container_1\",\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://mcp\",\"name\":\"x\"}],"
      + "\"output_config\":{\"effort\":\"low\",\"format\":{\"type\":\"json_schema\",\"schema\":{}}},"
      + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},\"metadata\":{\"user_id\":\"u1\"},"
      + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\","
      + "\"input\":{},\"cache_control\":{\"type\":\"ephemeral\"}}]},{\"role\":\"user\",\"content\":[{\"type\":"
      + "\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"ok\",\"is_error\":false,"
      + "\"cache_control\":{\"type\":\"ephemeral\"}}]}]}");
    // service_tier, container, mcp_servers, output_config (kept only as adaptive thinking's effort),
    // cache_control on blocks other than text, and is_error false (the default) have no canonical field
    assertEquals(new JsonObject("{\"model\":\"m\",\"max_tokens\":4000,"
      + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},\"metadata\":{\"user_id\":\"u1\"},"
      + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\","
      + "\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
      + "\"content\":\"ok\"}]}]}"), format.encodeRequest(format.decodeRequest(body, null, false)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "no model              | {'max_tokens':1,'messages':[{'role':'user','content':'x'}]}               | model: Field required",
    "no max_tokens         | {'model':'m','messages':[{'role':'user','content':'x'}]}                  | max_tokens: Field required",
    "text max_tokens       | {'model':'m','max_tokens':'1','messages':[]}                              | max_tokens: Input should be a valid integer",
    "no messages           | {'model':'m','max_tokens':1}                                              | messages: Field required",
    "empty messages        | {'model':'m','max_tokens':1,'messages':[]}                                | messages: at least one",
    "object messages       | {'model':'m','max_tokens':1,'messages':{}}                                | messages: Input should be a valid list",
    "string message        | {'model':'m','max_tokens':1,'messages':['hi']}                            | messages.0: Input should be a valid dictionary",
    "bad role              | {'model':'m','max_tokens':1,'messages':[{'role':'tool','content':'x'}]}   | messages.0.role",
    "no content            | {'model':'m','max_tokens':1,'messages':[{'role':'user'}]}                 | messages.0.content: Field required",
    "numeric content       | {'model':'m','max_tokens':1,'messages':[{'role':'user','content':5}]}     | messages.0.content: Input should be a valid list",
    "text without text     | {'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'text'}]}]} | messages.0.content.0.text: Field required",
    "tool_use input list   | {'model':'m','max_tokens':1,'messages':[{'role':'assistant','content':[{'type':'tool_use','id':'a','name':'f','input':[]}]}]} | messages.0.content.0.input",
    "system number         | {'model':'m','max_tokens':1,'system':3,'messages':[{'role':'user','content':'x'}]} | system",
    "system image block    | {'model':'m','max_tokens':1,'system':[{'type':'image'}],'messages':[{'role':'user','content':'x'}]} | system.0.type",
    "tool without name     | {'model':'m','max_tokens':1,'tools':[{'input_schema':{}}],'messages':[{'role':'user','content':'x'}]} | tools.0.name",
    "bad tool_choice       | {'model':'m','max_tokens':1,'tool_choice':{'type':'required'},'messages':[{'role':'user','content':'x'}]} | tool_choice.type",
    "thinking no budget    | {'model':'m','max_tokens':1,'thinking':{'type':'enabled'},'messages':[{'role':'user','content':'x'}]} | thinking.budget_tokens",
    "string temperature    | {'model':'m','max_tokens':1,'temperature':'hot','messages':[{'role':'user','content':'x'}]} | temperature",
    "string stream         | {'model':'m','max_tokens':1,'stream':'yes','messages':[{'role':'user','content':'x'}]} | stream",
    "numeric stop          | {'model':'m','max_tokens':1,'stop_sequences':[1],'messages':[{'role':'user','content':'x'}]} | stop_sequences.0",
    "numeric user_id       | {'model':'m','max_tokens':1,'metadata':{'user_id':7},'messages':[{'role':'user','content':'x'}]} | metadata.user_id",
  })
  void invalidRequestIsABadRequestNamingTheField(String label, String body, String named) {
    GatewayException e = assertThrows(GatewayException.class, () -> decode(body.replace('\'', '"')));
    assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    assertTrue(e.getMessage().contains(named), "'" + e.getMessage() + "' does not name " + named);
  }
}
