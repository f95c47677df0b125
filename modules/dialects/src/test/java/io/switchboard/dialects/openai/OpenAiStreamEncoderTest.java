package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockStart;
import io.switchboard.api.chat.StreamEvent.BlockStop;
import io.switchboard.api.chat.StreamEvent.MessageDelta;
import io.switchboard.api.chat.StreamEvent.MessageStart;
import io.switchboard.api.chat.StreamEvent.MessageStop;
import io.switchboard.api.chat.StreamEvent.TextDelta;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes an OpenAI SDK receives for canonical events from another dialect. */
class OpenAiStreamEncoderTest {
  private static final String HEAD = "data: {\"id\":\"chatcmpl-msg_01\",\"object\":\"chat.completion.chunk\","
    + "\"created\":1741570283,\"model\":\"my-claude\",\"system_fingerprint\":null,";

  private static String chunk(String delta, String finish, boolean usage) {
    return HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
      + "}]" + (usage ? ",\"usage\":null" : "") + "}\n\n";
  }

  private static String encode(boolean includeUsage, List<StreamEvent> events) {
    Buffer out = Buffer.buffer();
    new OpenAiStreamEncoder("my-claude", includeUsage, 1741570283L).encode(events, out);
    return out.toString();
  }

  /**
   * An Anthropic-shaped stream: signatures and redacted thinking have no OpenAI form and are dropped; the tool call
   * is index 0 among tool calls though it is block 3; the stop waits for MessageStop, after the last content.
   */
  @Test
  void anthropicShapedStreamWithUsage() {
    String sse = encode(true, List.of(
      new MessageStart("msg_01", "claude-sonnet-4", new Usage(472, 1, 0, 0, 0)),
      BlockStart.thinking(0), new StreamEvent.ThinkingDelta(0, "Weather needs a tool."),
      new StreamEvent.SignatureDelta(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pk"), new BlockStop(0),
      BlockStart.redactedThinking(1, "EmwKAhgBEgy3va3pzix/LafPsn4a"), new BlockStop(1),
      BlockStart.text(2), new TextDelta(2, "Let me check."), new BlockStop(2),
      BlockStart.toolCall(3, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
      new StreamEvent.ToolArgsDelta(3, ""), new StreamEvent.ToolArgsDelta(3, "{\"city\": \"Paris\"}"), new BlockStop(3),
      new MessageDelta(StopReason.TOOL_USE, null, new Usage(472, 89, 0, 0, 0)), new MessageStop()));

    assertEquals(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", true)
      + chunk("{\"reasoning_content\":\"Weather needs a tool.\"}", "null", true)
      + chunk("{\"content\":\"Let me check.\"}", "null", true)
      + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null", true)
      + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\"}}]}", "null", true)
      + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}", "null",
        true)
      + chunk("{}", "\"tool_calls\"", true)
      + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":472,\"completion_tokens\":89,\"total_tokens\":561,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
      + "data: [DONE]\n\n", sse);
  }

  @Test
  void withoutIncludeUsageNoChunkMentionsUsage() {
    String sse = encode(false, List.of(new MessageStart("msg_01", "gemini-2.5-flash", null),
      BlockStart.text(0), new TextDelta(0, "Hi"), new BlockStop(0),
      new MessageDelta(StopReason.MAX_TOKENS, null, null), new MessageDelta(null, null, new Usage(5, 1, 0, 0, 0)),
      new MessageStop()));

    assertEquals(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", false)
      + chunk("{\"content\":\"Hi\"}", "null", false) + chunk("{}", "\"length\"", false) + "data: [DONE]\n\n", sse,
      "a later usage-only MessageDelta keeps the stop reason said before it");
  }

  @Test
  void usageFromMessageStartWhenNoDeltaCarriesAny() {
    String sse = encode(true, List.of(new MessageStart("msg_01", "m", new Usage(12, 0, 4, 0, 0)), new MessageStop()));
    assertEquals(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", true) + chunk("{}", "\"stop\"", true)
      + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":0,\"total_tokens\":12,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
      + "data: [DONE]\n\n", sse);
  }

  @Test
  void aFailureIsOpenAisInBandErrorAndEndsTheStream() {
    String sse = encode(true, List.of(new MessageStart("msg_01", "m", null), BlockStart.text(0),
      new TextDelta(0, "Hel"), new StreamEvent.Failure(ErrorKind.UNAVAILABLE, "Overloaded"),
      new TextDelta(0, "lo"), new MessageStop()));

    assertEquals(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", true)
      + chunk("{\"content\":\"Hel\"}", "null", true)
      + "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n", sse);
  }

  @Test
  void errorBytes() {
    assertEquals("data: {\"error\":{\"message\":\"Upstream \\\"x\\\" failed\",\"type\":\"server_error\","
      + "\"param\":null,\"code\":null}}\n\n",
      new OpenAiStreamEncoder("m", false).error("Upstream \"x\" failed").toString());
  }
}
