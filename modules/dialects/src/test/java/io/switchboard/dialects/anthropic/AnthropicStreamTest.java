package io.switchboard.dialects.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockStart;
import io.switchboard.api.chat.StreamEvent.BlockStop;
import io.switchboard.api.chat.StreamEvent.MessageDelta;
import io.switchboard.api.chat.StreamEvent.MessageStart;
import io.switchboard.api.chat.StreamEvent.MessageStop;
import io.switchboard.api.chat.StreamEvent.SignatureDelta;
import io.switchboard.api.chat.StreamEvent.TextDelta;
import io.switchboard.api.chat.StreamEvent.ThinkingDelta;
import io.switchboard.api.chat.StreamEvent.ToolArgsDelta;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden stream transcripts: decoded to events, encoded back to the same bytes, whatever the read boundaries. */
class AnthropicStreamTest {
  private static final String MODEL = "claude-sonnet-4-5-20250929";
  private final AnthropicWireFormat format = new AnthropicWireFormat();

  private List<StreamEvent> decodeAll(Buffer... reads) {
    StreamDecoder decoder = format.streamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    for (Buffer read : reads) {
      events.addAll(decoder.decode(read));
    }
    events.addAll(decoder.finish());
    return events;
  }

  private String encode(List<StreamEvent> events) {
    Buffer out = Buffer.buffer();
    format.streamEncoder(MODEL, false).encode(events, out);
    return out.toString();
  }

  @Test
  void textTranscript() {
    Buffer transcript = AnthropicGolden.bytes("stream-text.sse");
    List<StreamEvent> events = decodeAll(transcript);
    assertEquals(List.of(new MessageStart("msg_01XFDUDYJgAACzvnptvVoYEL", MODEL, new Usage(25, 1, 0, 0, 0)),
      BlockStart.text(0), new TextDelta(0, "Héllo"), new TextDelta(0, "! 👋 How can I help?"), new BlockStop(0),
      new MessageDelta(StopReason.END_TURN, null, new Usage(25, 15, 0, 0, 0)), new MessageStop()), events);
    assertEquals(transcript.toString(), encode(events));
  }

  @Test
  void toolCallTranscriptWithArgumentFragments() {
    Buffer transcript = AnthropicGolden.bytes("stream-tool-use.sse");
    List<StreamEvent> events = decodeAll(transcript);
    Usage start = new Usage(2520, 2, 2048, 0, 0);
    assertEquals(new MessageStart("msg_014p7gG3wDgGV9EUtLvnow3U", MODEL, start), events.get(0));
    assertEquals(BlockStart.toolCall(1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"), events.get(8));
    String arguments = events.stream().filter(e -> e instanceof ToolArgsDelta)
      .map(e -> ((ToolArgsDelta) e).partialJson()).collect(Collectors.joining());
    assertEquals("{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}", arguments);
    assertEquals(new ToolArgsDelta(1, ""), events.get(9)); // Anthropic's empty first fragment is kept
    assertEquals(List.of(new BlockStop(1), new MessageDelta(StopReason.TOOL_USE, null, new Usage(2520, 89, 2048, 0, 0)),
      new MessageStop()), events.subList(events.size() - 3, events.size()));
    assertEquals(21, events.size());
    assertEquals(transcript.toString(), encode(events));
  }

  @Test
  void thinkingTranscriptWithSignatureAndRedactedThinking() {
    Buffer transcript = AnthropicGolden.bytes("stream-thinking.sse");
    List<StreamEvent> events = decodeAll(transcript);
    Usage start = new Usage(162, 1, 0, 150, 0);
    assertEquals(List.of(new MessageStart("msg_01Ex7hYWPRk1Z4cb8ViN3tDW", MODEL, start), BlockStart.thinking(0),
      new ThinkingDelta(0, "Let me solve this step by step:\n\n1. First break down 27 * 453"),
      new ThinkingDelta(0, "\n2. 453 = 400 + 50 + 3"),
      new SignatureDelta(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."), new BlockStop(0),
      BlockStart.redactedThinking(1, "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj"),
      new BlockStop(1), BlockStart.text(2), new TextDelta(2, "27 * 453 = 12,231"), new BlockStop(2),
      new MessageDelta(StopReason.STOP_SEQUENCE, "\n\nHuman:", new Usage(162, 302, 0, 150, 0)), new MessageStop()),
      events);
    // usage.cache_creation (the 5m/1h split) and service_tier have no canonical field: dropped
    String expected = transcript.toString()
      .replace("\"cache_creation\":{\"ephemeral_5m_input_tokens\":150,\"ephemeral_1h_input_tokens\":0},", "")
      .replace(",\"service_tier\":\"standard\"", "");
    assertEquals(expected, encode(events));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse"})
  void splitAtEveryByteBoundaryDecodesTheSame(String file) {
    Buffer transcript = AnthropicGolden.bytes(file);
    List<StreamEvent> whole = decodeAll(transcript);
    for (int cut = 0; cut <= transcript.length(); cut++) {
      assertEquals(whole, decodeAll(transcript.getBuffer(0, cut), transcript.getBuffer(cut, transcript.length())),
        "split at byte " + cut);
    }
    Buffer[] bytes = new Buffer[transcript.length()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = transcript.getBuffer(i, i + 1);
    }
    assertEquals(whole, decodeAll(bytes), "one byte per read");
  }

  @Test
  void documentationShapedStreamWithCrLfSpacesAndLatePing() {
    String stream = String.join("\r\n",
      "event: message_start",
      "data: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", "
        + "\"content\": [], \"model\": \"claude-opus-4-1\", \"stop_reason\": null, \"stop_sequence\": null, "
        + "\"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}", "",
      "event: content_block_start",
      "data: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}", "",
      "event: ping", "data: {\"type\": \"ping\"}", "",
      "event: content_block_delta",
      "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"Hello\"}}", "",
      "event: content_block_stop", "data: {\"type\": \"content_block_stop\", \"index\": 0}", "",
      "event: message_delta",
      "data: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\":null}, "
        + "\"usage\": {\"output_tokens\": 15}}", "",
      "event: message_stop", "data: {\"type\": \"message_stop\"}", "", "");
    // message_delta carries only output_tokens: the input counted at message_start still stands
    assertEquals(List.of(new MessageStart("msg_1", "claude-opus-4-1", new Usage(25, 1, 0, 0, 0)), BlockStart.text(0),
      new TextDelta(0, "Hello"), new BlockStop(0), new MessageDelta(StopReason.END_TURN, null,
        new Usage(25, 15, 0, 0, 0)), new MessageStop()), decodeAll(Buffer.buffer(stream)));
  }
}
