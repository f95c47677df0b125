package io.switchboard.dialects.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import io.switchboard.dialects.GoldenFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client's Responses body as the canonical request, and what a conversion leaves out of it. */
class ResponsesRequestDecodeTest {
  private final ResponsesWireFormat format = new ResponsesWireFormat();

  private ResponsesWireFormat.Decoded decode(String json) {
    return format.decode(new JsonObject(json), null, false);
  }

  private static Part text(String text) {
    return Part.Text.of(text);
  }

  private static JsonObject parameters(JsonObject body, int tool) {
    return body.getJsonArray("tools").getJsonObject(tool).getJsonObject("parameters");
  }

  /** What Codex CLI sends: developer and user context first, reasoning, calls and their outputs as items. */
  @Test
  void codexRequest() {
    JsonObject body = GoldenFiles.json("responses/request-codex.json");
    ResponsesWireFormat.Decoded decoded = format.decode(body, null, false);

    String shell = "call_kT3mXGd2f8vQ9pR1sW4yZ0aB";
    String patch = "call_Qw8eR2tY5uI7oP9aS1dF3gH4";
    CanonicalRequest expected = new CanonicalRequest("gpt-5-codex",
      List.of(text("You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on a user's "
        + "computer."), text("<permissions instructions>\nFilesystem sandboxing: workspace-write. Network access is "
        + "restricted.\n</permissions instructions>")),
      List.of(
        // two user messages in a row: one USER turn
        new Message(Role.USER, List.of(
          text("# AGENTS.md instructions for /home/dev/shop\n\n<INSTRUCTIONS>\nRun ./gradlew test before "
            + "committing.\n</INSTRUCTIONS>"),
          text("<environment_context>\n  <cwd>/home/dev/shop</cwd>\n  <shell>bash</shell>\n</environment_context>"),
          text("Why does the cart test fail?"))),
        // OpenAI's encrypted reasoning is left out; its summary stays as unsigned thinking
        new Message(Role.ASSISTANT, List.of(
          new Part.Thinking("**Running the failing test**\n\nI'll run the cart test to see the failure.", null),
          new Part.ToolCall(shell, "shell",
            "{\"command\":[\"bash\",\"-lc\",\"./gradlew test --tests CartTest\"],\"workdir\":\"/home/dev/shop\"}"))),
        new Message(Role.USER, List.of(new Part.ToolResult(shell, "shell", List.of(text("Exit code: 1\nWall time: 4.2 "
          + "seconds\nOutput:\nCartTest > totalIncludesTax FAILED\n    expected: <10.80> but was: <10.00>")), false))),
        // a custom tool's call keeps its free-form input under "input", so its output still answers a call
        new Message(Role.ASSISTANT, List.of(text("The total skips tax; I'll fix `Cart.total()`."),
          new Part.ToolCall(patch, "apply_patch", new JsonObject().put("input", "*** Begin Patch\n*** Update File: "
            + "src/main/java/shop/Cart.java\n@@\n-    return subtotal;\n+    return subtotal.multiply(TAX);\n"
            + "*** End Patch").encode()))),
        // the web_search_call between them is left out: the output and the next words share the USER turn
        new Message(Role.USER, List.of(new Part.ToolResult(patch, "apply_patch",
            List.of(text("Success. Updated the following files:\nM src/main/java/shop/Cart.java\n")), false),
          text("Also check the rounding.")))),
      List.of(new Tool("shell", "Runs a shell command and returns its output.", parameters(body, 0)),
        new Tool("update_plan", "Updates the task plan.", parameters(body, 1))),
      new ToolChoice(ToolChoice.Mode.AUTO, null, false), null, null, null, null, List.of(), null, null,
      new ThinkingConfig(true, null, "medium", false), null, true);
    assertEquals(expected, decoded.request());
    assertEquals(List.of("input[3].encrypted_content", "input[9]", "tools[2]", "tools[3]"),
      decoded.omissions().stream().map(Omission::field).toList(),
      "store, include, prompt_cache_key, reasoning.summary and text.verbosity change no answer: no omission");
    assertEquals("tools[3]: 'web_search' is a tool OpenAI provides itself; the upstream serving this model has no "
      + "such tool, so it is left out rather than refused", decoded.omissions().get(3).toString());
    assertEquals("tools[2]: custom tool 'apply_patch' takes free-form (grammar) input, which only OpenAI's models "
      + "produce; left out for this upstream", decoded.omissions().get(2).toString());
  }

  /** Modelled on OpenAI's image-input and structured-output examples, with every field a client may add. */
  @Test
  void structuredRequestWithImagesAndDroppedFields() {
    JsonObject body = GoldenFiles.json("responses/request-structured.json");
    ResponsesWireFormat.Decoded decoded = format.decode(body, null, false);

    JsonObject schema = body.getJsonObject("text").getJsonObject("format").getJsonObject("schema");
    CanonicalRequest expected = new CanonicalRequest("gpt-4.1",
      List.of(text("Extract the event from the user's poster and words."), text("Dates are ISO 8601.")),
      List.of(
        new Message(Role.USER, List.of(text("What event is on this poster?"),
          new Part.Image("https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-"
            + "boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg", null, null, "high"),
          new Part.Image(null, "image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
            + "DwADhgGAWjR9awAAAABJRU5ErkJggg==", null))),
        new Message(Role.ASSISTANT, List.of(text("Science fair, next Friday."))),
        new Message(Role.USER, List.of(text("Give me the structured form.")))),
      // tools[0].strict has no canonical place
      List.of(new Tool("lookup_date", "Resolve a relative date to a calendar date.", parameters(body, 0))),
      new ToolChoice(ToolChoice.Mode.NAMED, "lookup_date", null), 1024, 0.2, 0.9, null, List.of(), null,
      // text.format.description and text.verbosity have no canonical place
      new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "calendar_event", schema, true), null,
      // user wins over safety_identifier; metadata, store, truncation, service_tier, background, max_tool_calls,
      // top_logprobs and prompt_cache_key are dropped by rule
      "user-1234", false);
    assertEquals(expected, decoded.request());
    assertEquals(List.of("input[1].content[3]", "tools[1]"),
      decoded.omissions().stream().map(Omission::field).toList());
  }

  @Test
  void stringInputIsOneUserTurnAndSafetyIdentifierStandsInForUser() {
    CanonicalRequest request = decode("""
      {"model":"gpt-4.1","input":"Tell me a three sentence bedtime story about a unicorn.",
       "safety_identifier":"hashed-42","stream":true}""").request();

    assertEquals(List.of(new Message(Role.USER, List.of(text("Tell me a three sentence bedtime story about a "
      + "unicorn.")))), request.messages());
    assertEquals(List.of(), request.system());
    assertEquals("hashed-42", request.user());
    assertEquals(true, request.stream());
  }

  /**
   * Reasoning from elsewhere keeps its opaque blob: with a summary as the thinking's signature, without as redacted
   * thinking (so an Anthropic signature or redacted block travels back to Anthropic); raw reasoning text is read when
   * there is no summary; OpenAI's own encryption is left out.
   */
  @Test
  void reasoningItems() {
    ResponsesWireFormat.Decoded decoded = decode("""
      {"model":"m","input":[
        {"role":"user","content":"2+2?"},
        {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Add."},
          {"type":"summary_text","text":"Four."}],"encrypted_content":"EqQBCgIYAhIM1gbcDa9G"},
        {"type":"reasoning","summary":[],"encrypted_content":"EmwKAhgBEgy3va3pzix"},
        {"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"raw "},
          {"type":"reasoning_text","text":"thoughts"}]},
        {"type":"reasoning","summary":[],"encrypted_content":"gAAAAABo8xK2"},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"4"},
          {"type":"refusal","refusal":"no"},{"type":"output_text","text":""}]}]}""");

    assertEquals(List.of(new Message(Role.USER, List.of(text("2+2?"))), new Message(Role.ASSISTANT, List.of(
      new Part.Thinking("Add.\n\nFour.", "EqQBCgIYAhIM1gbcDa9G"), new Part.RedactedThinking("EmwKAhgBEgy3va3pzix"),
      new Part.Thinking("raw thoughts", null), text("4")))), decoded.request().messages(),
      "a refusal and an empty output_text go to no upstream");
    assertEquals(List.of("input[4].encrypted_content"), decoded.omissions().stream().map(Omission::field).toList());
  }

  /**
   * Codex CLI's remote compaction: a request ending in a compaction_trigger, and later ones carrying the compaction
   * OpenAI made. Both are OpenAI's own state: a conversion leaves them out, saying so, and keeps the conversation.
   */
  @Test
  void compactionItemsAreOpenAisOwn() {
    ResponsesWireFormat.Decoded decoded = decode("""
      {"model":"m","input":[
        {"type":"compaction","id":"cmp_1","encrypted_content":"gAAAAABo9compacted"},
        {"role":"user","content":"go on"},
        {"type":"compaction_trigger"}]}""");

    assertEquals(List.of(new Message(Role.USER, List.of(text("go on")))), decoded.request().messages());
    assertEquals(List.of("input[0]: a 'compaction' item replays state only OpenAI holds; left out for this upstream",
      "input[2]: a 'compaction_trigger' item asks OpenAI to compact the conversation, which only OpenAI does; left out "
        + "for this upstream"),
      decoded.omissions().stream().map(o -> o.field() + ": " + o.reason()).toList());
  }

  /**
   * A content part of a type the gateway does not know (one OpenAI added after it, or Chat Completions' text) is
   * OpenAI's to judge: decoding does not refuse it, but a conversion cannot leave it out of the message, so it names
   * the client's 400 in OpenAI's words; a request without one converts.
   */
  @Test
  void aContentPartTypeTheGatewayDoesNotKnowIsRefusedByAConversionOnly() {
    ResponsesWireFormat.Decoded decoded = decode("""
      {"model":"m","input":[{"role":"user","content":[
        {"type":"input_text","text":"look"},{"type":"input_video","video_url":"https://example.com/v.mp4"}]}]}""");

    assertEquals(List.of(new Message(Role.USER, List.of(text("look")))), decoded.request().messages());
    GatewayException refusal = decoded.unconvertible();
    assertEquals(ErrorKind.BAD_REQUEST, refusal.kind());
    assertEquals("Invalid value for 'input[0].content[1].type': 'input_video'. Supported values are: 'input_text', "
      + "'input_image', 'input_file', 'output_text', and 'refusal'.", refusal.getMessage());
    assertNull(decode("{\"model\":\"m\",\"input\":[{\"type\":\"ghost_snapshot\"}]}").unconvertible(),
      "an unknown item is left out, not refused");
  }

  /**
   * An item type the gateway does not know (one OpenAI added after it, or a mistake) is OpenAI's to judge: the
   * request is not refused here, and a conversion leaves the item out, saying so.
   */
  @Test
  void anItemTypeTheGatewayDoesNotKnowIsLeftOutOfAConversion() {
    ResponsesWireFormat.Decoded decoded = decode("""
      {"model":"m","input":[
        {"role":"user","content":"hi"},
        {"type":"ghost_snapshot","ghost_commit":{"id":"abc"}}]}""");

    assertEquals(List.of(new Message(Role.USER, List.of(text("hi")))), decoded.request().messages());
    assertEquals(List.of("input[1]: a 'ghost_snapshot' item is of a type this gateway does not know (OpenAI's API "
        + "judges it); left out for this upstream"),
      decoded.omissions().stream().map(o -> o.field() + ": " + o.reason()).toList());
  }

  @Test
  void toolChoices() {
    String tools = "\"tools\":[{\"type\":\"function\",\"name\":\"f\"},{\"type\":\"image_generation\"}]";
    assertEquals(new ToolChoice(ToolChoice.Mode.ANY, null, null), decode("{\"model\":\"m\",\"input\":\"x\"," + tools
      + ",\"tool_choice\":\"required\"}").request().toolChoice());
    assertEquals(new ToolChoice(ToolChoice.Mode.ANY, null, null), decode("{\"model\":\"m\",\"input\":\"x\"," + tools
      + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"mode\":\"required\",\"tools\":[{\"type\":\"function\","
      + "\"name\":\"f\"}]}}").request().toolChoice(), "the allowed list has no canonical place: only its mode");
    assertEquals(new ToolChoice(ToolChoice.Mode.AUTO, null, true), decode("{\"model\":\"m\",\"input\":\"x\"," + tools
      + ",\"tool_choice\":{\"type\":\"image_generation\"},\"parallel_tool_calls\":true}").request().toolChoice(),
      "forcing a tool that is left out: the model decides");
    assertEquals(new ToolChoice(ToolChoice.Mode.NONE, null, null), decode("{\"model\":\"m\",\"input\":\"x\"," + tools
      + ",\"tool_choice\":\"none\"}").request().toolChoice());
    assertNull(decode("{\"model\":\"m\",\"input\":\"x\"}").request().toolChoice());
    assertEquals(List.of(new Tool("f", null, null)), decode("{\"model\":\"m\",\"input\":\"x\"," + tools + "}")
      .request().tools());
  }

  /** Continuing a stored response: its calls are not in this input, so an output's tool name is unknown. */
  @Test
  void previousResponseIdLetsOutputsAnswerCallsNotInTheInput() {
    ResponsesWireFormat.Decoded decoded = decode("""
      {"model":"m","previous_response_id":"resp_123","input":[
        {"type":"function_call_output","call_id":"call_9","output":[{"type":"input_text","text":"22C"},
          {"type":"input_image","file_id":"file-1"}]}]}""");

    assertEquals(List.of(new Message(Role.USER, List.of(new Part.ToolResult("call_9", null, List.of(text("22C")),
      false)))), decoded.request().messages());
    assertEquals(List.of("previous_response_id", "input[0].output[1].file_id"),
      decoded.omissions().stream().map(Omission::field).toList());
    assertEquals(List.of(), decode("{\"model\":\"m\",\"conversation\":\"conv_1\"}").request().messages(),
      "a stored conversation needs no input");
  }

  /** Codex's codex-mini family answers local_shell_call with a function_call_output. */
  @Test
  void localShellCallsAreToolCallsTheirOutputsAnswer() {
    CanonicalRequest request = decode("""
      {"model":"codex-mini-latest","input":[{"role":"user","content":"ls"},
        {"type":"local_shell_call","call_id":"call_ls","status":"completed",
         "action":{"type":"exec","command":["ls"],"env":{}}},
        {"type":"function_call_output","call_id":"call_ls","output":"README.md"}],
       "tools":[{"type":"local_shell"}]}""").request();

    assertEquals(List.of(new Message(Role.USER, List.of(text("ls"))),
      new Message(Role.ASSISTANT, List.of(new Part.ToolCall("call_ls", "local_shell",
        "{\"type\":\"exec\",\"command\":[\"ls\"],\"env\":{}}"))),
      new Message(Role.USER, List.of(new Part.ToolResult("call_ls", "local_shell", List.of(text("README.md")),
        false)))), request.messages());
    assertEquals(List.of(), request.tools());
  }

  @Test
  void theModelMayComeFromTheCallerAndEffortsAreOpenAis() {
    CanonicalRequest request = format.decodeRequest(new JsonObject("""
      {"input":"x","reasoning":{"effort":"none","summary":"detailed"},"max_output_tokens":16,
       "text":{"format":{"type":"json_object"}}}"""), "routed-model", true);

    assertEquals("routed-model", request.model());
    assertEquals(new ThinkingConfig(false, null, "none", false), request.thinking());
    assertEquals(16, request.maxTokens());
    assertEquals(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, null), request.responseFormat());
    assertEquals(true, request.stream());
    assertEquals(new ResponseFormat(ResponseFormat.Kind.TEXT, null, null, null), format.decodeRequest(
      new JsonObject().put("model", "m").put("input", "x").put("text", new JsonObject().put("format",
        new JsonObject().put("type", "text"))), null, false).responseFormat());
    assertNull(format.decodeRequest(new JsonObject().put("model", "m").put("input", new JsonArray()), null, false)
      .thinking());
  }
}
