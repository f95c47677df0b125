package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockStart;
import io.switchboard.api.chat.StreamEvent.BlockStop;
import io.switchboard.api.chat.StreamEvent.Failure;
import io.switchboard.api.chat.StreamEvent.MessageDelta;
import io.switchboard.api.chat.StreamEvent.MessageStart;
import io.switchboard.api.chat.StreamEvent.MessageStop;
import io.switchboard.api.chat.StreamEvent.TextDelta;
import io.switchboard.api.chat.StreamEvent.ThinkingDelta;
import io.switchboard.api.chat.StreamEvent.ToolArgsDelta;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chat Completions SSE transcripts to canonical events, and back to the same bytes. */
class OpenAiStreamDecoderTest {
  private static final long CREATED = 1741570283L;
  private final OpenAiWireFormat format =
    new OpenAiWireFormat(Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC));

  private List<StreamEvent> decode(byte[] bytes) {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    List<StreamEvent> events = new ArrayList<>(decoder.decode(Buffer.buffer(bytes)));
    events.addAll(decoder.finish());
    return events;
  }

  private List<StreamEvent> decode(String sse) {
    return decode(sse.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textTranscript() {
    assertEquals(List.of(new MessageStart("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "gpt-4o-mini-2024-07-18", null),
      BlockStart.text(0), new TextDelta(0, "Hello"), new TextDelta(0, "! How can I help you"),
      new TextDelta(0, " today? ✓ \"quoted\"\n"), new BlockStop(0), new MessageDelta(StopReason.END_TURN, null, null),
      new MessageDelta(null, null, new Usage(19, 10, 0, 0, 0)), new MessageStop()),
      decode(OpenAiGoldenFiles.bytes("stream-text.sse")));
  }

  @Test
  void parallelToolCallsTranscript() {
    assertEquals(List.of(new MessageStart("chatcmpl-B9MHKlAjSrtrzHupl4jpJM4cLMlnJ", "gpt-4o-2024-08-06", null),
      BlockStart.toolCall(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather"),
      new ToolArgsDelta(0, "{\"lo"), new ToolArgsDelta(0, "cation\": \"Bos"), new ToolArgsDelta(0, "ton, MA\"}"),
      new BlockStop(0), // its arguments are whole when the next call starts: one block after another
      BlockStart.toolCall(1, "call_6ZxUS2zTlhLbKq9S7xgu7h1v", "get_current_weather"),
      new ToolArgsDelta(1, "{\"location\""), new ToolArgsDelta(1, ": \"Paris, France\"}"),
      new BlockStop(1), new MessageDelta(StopReason.TOOL_USE, null, null),
      new MessageDelta(null, null, new Usage(82, 51, 64, 0, 0)), new MessageStop()),
      decode(OpenAiGoldenFiles.bytes("stream-parallel-tools.sse")));
  }

  @Test
  void reasoningContentTranscript() {
    assertEquals(List.of(new MessageStart("chatcmpl-930c60df-bf64-41c9-a88e-3ec75f81e00e", "deepseek-reasoner", null),
      BlockStart.thinking(0), new ThinkingDelta(0, "Compare the tenths"), new ThinkingDelta(0, ": 1 < 8, so 9.11 < 9.8."),
      new BlockStop(0), BlockStart.text(1), new TextDelta(1, "9.11"), new TextDelta(1, " is smaller."),
      new BlockStop(1), new MessageDelta(StopReason.END_TURN, null, null),
      new MessageDelta(null, null, new Usage(15, 120, 0, 0, 98)), new MessageStop()),
      decode(OpenAiGoldenFiles.bytes("stream-reasoning.sse")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-parallel-tools.sse", "stream-reasoning.sse"})
  void transcriptsEncodeBackToTheSameBytes(String golden) {
    byte[] bytes = OpenAiGoldenFiles.bytes(golden);
    List<StreamEvent> events = decode(bytes);
    String model = ((MessageStart) events.get(0)).model();
    Buffer out = Buffer.buffer();
    format.streamEncoder(model, true).encode(events, out);
    assertEquals(new String(bytes, StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-parallel-tools.sse", "stream-reasoning.sse"})
  void everyByteSplitGivesTheSameEvents(String golden) {
    byte[] bytes = OpenAiGoldenFiles.bytes(golden);
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    for (byte b : bytes) {
      events.addAll(decoder.decode(Buffer.buffer(new byte[] {b})));
    }
    events.addAll(decoder.finish());
    assertEquals(decode(bytes), events);
  }

  /**
   * As OpenAI sends it: the first tool call in the role chunk with content null, CRLF endings. Not carried:
   * system_fingerprint, service_tier, obfuscation and logprobs (the encoder writes system_fingerprint null).
   */
  @Test
  void openAisOwnToolCallChunks() {
    String head = "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
      + "\"system_fingerprint\":\"fp_f33667828e\",\"service_tier\":\"default\",\"choices\":[{\"index\":0,\"delta\":";
    String sse = "data: " + head + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
      + "\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}],\"refusal\":null},"
      + "\"logprobs\":null,\"finish_reason\":null}],\"obfuscation\":\"x1\"}\r\n\r\n"
      + "data: " + head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]},\"logprobs\":null,"
      + "\"finish_reason\":null}]}\r\n\r\n"
      + "data: " + head + "{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}\r\n\r\n"
      + "data: [DONE]\r\n\r\n";

    assertEquals(List.of(new MessageStart("chatcmpl-7", "gpt-4o", null), BlockStart.toolCall(0, "call_a", "f"),
      new ToolArgsDelta(0, "{}"), new BlockStop(0), new MessageDelta(StopReason.TOOL_USE, null, null),
      new MessageStop()), decode(sse));
  }

  /** Unfinished arguments keep a call's block open beside the next one, until the finish_reason. */
  @Test
  void interleavedParallelToolCallsKeepTheirOwnBlocks() {
    String sse = chunk("{\"content\":\"Checking.\"}", null)
      + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\"\"}}]}", null)
      + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\\\"\"}}]}", null)
      + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}},"
        + "{\"index\":1,\"function\":{\"arguments\":\":2}\"}}]}", null)
      + chunk("{}", "\"tool_calls\"") + "data: [DONE]\n\n";

    assertEquals(List.of(new MessageStart("chatcmpl-i", "qwen3", null), BlockStart.text(0), new TextDelta(0, "Checking."),
      new BlockStop(0), BlockStart.toolCall(1, "call_a", "f"), new ToolArgsDelta(1, "{\"x\""),
      BlockStart.toolCall(2, "call_b", "g"), new ToolArgsDelta(2, "{\"y\""), new ToolArgsDelta(1, ":1}"),
      new ToolArgsDelta(2, ":2}"), new BlockStop(1), new BlockStop(2), new MessageDelta(StopReason.TOOL_USE, null, null),
      new MessageStop()), decode(sse));
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-i\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen3\","
      + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
  }

  @Test
  void anErrorPayloadEndsTheStreamAsAFailure() {
    String sse = chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null)
      + "data: {\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
      + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}\n\n"
      + chunk("{\"content\":\"lo\"}", null);

    assertEquals(List.of(new MessageStart("chatcmpl-i", "qwen3", null), BlockStart.text(0), new TextDelta(0, "Hel"),
      new Failure(ErrorKind.RATE_LIMITED, "Rate limit reached for requests")), decode(sse));
  }

  @Test
  void usageBesideTheFinishReasonIsOneDeltaAndAMissingDoneIsSupplied() {
    String sse = chunk("{\"role\":\"assistant\",\"content\":\"ok\"}", null)
      + "data: {\"id\":\"chatcmpl-i\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":{},"
      + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

    assertEquals(List.of(new MessageStart("chatcmpl-i", "qwen3", null), BlockStart.text(0), new TextDelta(0, "ok"),
      new BlockStop(0), new MessageDelta(StopReason.MAX_TOKENS, null, new Usage(3, 1, 0, 0, 0)), new MessageStop()),
      decode(sse), "the last event has no blank line after it and no [DONE] follows: finish() ends it");
  }

  @Test
  void aStreamCutShortEndsInAFailure() {
    assertEquals(List.of(new MessageStart("chatcmpl-i", "qwen3", null), BlockStart.text(0), new TextDelta(0, "Hel"),
      new Failure(ErrorKind.UPSTREAM_ERROR, "The upstream stream ended before the answer was complete.")),
      decode(chunk("{\"content\":\"Hel\"}", null)));
  }

  @Test
  void azuresFilterOnlyChunksOpenNothing() {
    String sse = "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
      + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n"
      + chunk("{\"role\":\"assistant\",\"content\":\"\"}", null) + chunk("{}", "\"content_filter\"")
      + "data: [DONE]\n\n";

    assertEquals(List.of(new MessageStart("chatcmpl-i", "qwen3", null),
      new MessageDelta(StopReason.CONTENT_FILTER, null, null), new MessageStop()), decode(sse));
  }
}
