package io.switchboard.dialects.responses;

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
import io.switchboard.dialects.GoldenFiles;
import io.switchboard.dialects.StreamRuns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An upstream's Responses stream read into canonical events, whole or split anywhere. */
class ResponsesStreamDecoderTest {
  private static List<StreamEvent> decode(String sse) {
    return ResponsesTranscripts.decode(new ResponsesStreamDecoder(), sse.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code event:} and {@code data:} lines for events given as their data. */
  private static String sse(String... data) {
    StringBuilder out = new StringBuilder();
    for (String event : data) {
      out.append("event: x\ndata: ").append(event).append("\n\n");
    }
    return out.toString();
  }

  private static final String CREATED = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\","
    + "\"model\":\"gpt-5\",\"status\":\"in_progress\",\"output\":[]}}";

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7})
  void goldenStreamsWholeOrSplit(int readSize) {
    for (String golden : List.of("text", "reasoning-call")) {
      byte[] bytes = GoldenFiles.bytes("responses/upstream-stream-" + golden + ".sse");
      List<byte[]> reads = new ArrayList<>();
      for (int at = 0; at < bytes.length; at += readSize == 0 ? bytes.length : readSize) {
        reads.add(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + (readSize == 0 ? bytes.length
          : readSize))));
      }
      assertEquals(golden.equals("text") ? ResponsesTranscripts.TEXT : ResponsesTranscripts.REASONING_CALL,
        StreamRuns.decode(new ResponsesStreamDecoder(), reads), golden + " in reads of " + readSize);
    }
  }

  /**
   * Codex CLI's own test fixtures send only {@code output_item.done} items: each still becomes whole blocks. A
   * reasoning item with only encrypted content is redacted thinking; a custom tool call's input travels as
   * {@code {"input": ...}}; a web search call has no canonical form.
   */
  @Test
  void itemsThatOnlyArriveWhole() {
    List<StreamEvent> events = decode(sse(CREATED,
      "{\"type\":\"response.output_item.done\",\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],"
        + "\"encrypted_content\":\"EmwKAhgB\"}}",
      "{\"type\":\"response.output_item.done\",\"item\":{\"type\":\"web_search_call\",\"id\":\"ws_1\","
        + "\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":\"q\"}}}",
      "{\"type\":\"response.output_item.done\",\"item\":{\"type\":\"message\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\"}]}}",
      "{\"type\":\"response.output_item.done\",\"output_index\":3,\"item\":{\"type\":\"custom_tool_call\","
        + "\"call_id\":\"call_p\",\"name\":\"apply_patch\",\"input\":\"*** Begin Patch\"}}",
      "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"usage\":{\"input_tokens\":0,"
        + "\"input_tokens_details\":null,\"output_tokens\":0,\"output_tokens_details\":null,\"total_tokens\":0}}}"));

    assertEquals(List.of(new MessageStart("resp_1", "gpt-5", null),
      BlockStart.redactedThinking(0, "EmwKAhgB"), new BlockStop(0),
      BlockStart.text(1), new TextDelta(1, "Hello"), new BlockStop(1),
      BlockStart.toolCall(2, "call_p", "apply_patch"), new ToolArgsDelta(2, "{\"input\":\"*** Begin Patch\"}"),
      new BlockStop(2),
      new MessageDelta(StopReason.TOOL_USE, null, Usage.NONE), new MessageStop()), events);
  }

  @Test
  void incompleteEndsAsMaxTokensWithItsUsage() {
    List<StreamEvent> events = decode(sse(CREATED,
      "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\","
        + "\"summary\":[]}}",
      "{\"type\":\"response.reasoning_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"raw\"}",
      "{\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_1\",\"status\":\"incomplete\","
        + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"usage\":{\"input_tokens\":14,"
        + "\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":300,"
        + "\"output_tokens_details\":{\"reasoning_tokens\":300},\"total_tokens\":314}}}"));

    assertEquals(List.of(new MessageStart("resp_1", "gpt-5", null), BlockStart.thinking(0),
      new ThinkingDelta(0, "raw"), new BlockStop(0),
      new MessageDelta(StopReason.MAX_TOKENS, null, new Usage(14, 300, 0, 0, 300)), new MessageStop()), events);
  }

  @Test
  void failuresEndTheStream() {
    assertEquals(List.of(new MessageStart("resp_1", "gpt-5", null), new Failure(ErrorKind.RATE_LIMITED,
      "Rate limit reached for gpt-5. Please try again in 11.054s.")), decode(sse(CREATED,
      "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":"
        + "{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached for gpt-5. Please try again in "
        + "11.054s.\"}}}",
      "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\"}}")));
    assertEquals(List.of(new MessageStart("resp_1", "gpt-5", null), new Failure(ErrorKind.UPSTREAM_ERROR,
      "The server had an error.")), decode(sse(CREATED,
      "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The server had an error.\",\"param\":null}")));
    assertEquals(List.of(new MessageStart("resp_1", "gpt-5", null), BlockStart.text(0), new TextDelta(0, "Hi"),
      new Failure(ErrorKind.UPSTREAM_ERROR, "The upstream stream ended before the answer was complete.")),
      decode(sse(CREATED, "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,"
        + "\"delta\":\"Hi\"}")), "a stream that ends before response.completed");
    assertEquals(List.of(new Failure(ErrorKind.UPSTREAM_ERROR, "The upstream sent an unreadable stream event.")),
      decode("data: {not json\n\n"));
  }
}
