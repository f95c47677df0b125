package io.switchboard.dialects.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.switchboard.api.chat.StreamEvent.ToolArgsDelta;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams that are not the happy path: skipped blocks, errors, truncation, and events in another dialect's order. */
class AnthropicStreamEdgeTest {
  private final AnthropicWireFormat format = new AnthropicWireFormat();

  private static List<StreamEvent> feed(AnthropicStreamDecoder decoder, String... events) {
    List<StreamEvent> out = new ArrayList<>();
    for (String event : events) {
      out.addAll(decoder.onEvent(new JsonObject(event)));
    }
    return out;
  }

  @Test
  void serverToolBlocksAreSkippedAndTheRestRenumbered() {
    // events as Bedrock delivers them, without SSE framing
    List<StreamEvent> events = feed(new AnthropicStreamDecoder(),
      "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":5,"
        + "\"cache_read_input_tokens\":10,\"output_tokens\":1}}}",
      "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\","
        + "\"name\":\"web_search\",\"input\":{}}}",
      "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}",
      "{\"type\":\"content_block_stop\",\"index\":0}",
      "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"web_search_tool_result\","
        + "\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}}",
      "{\"type\":\"content_block_stop\",\"index\":1}",
      "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"Per \"}}",
      "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}",
      "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"the docs\"}}",
      "{\"type\":\"content_block_stop\",\"index\":2}",
      "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\","
        + "\"name\":\"f\",\"input\":{\"a\":1}}}",
      "{\"type\":\"content_block_stop\",\"index\":3}",
      "{\"type\":\"ping\"}",
      "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"pause_turn\"},\"usage\":{\"output_tokens\":9}}",
      "{\"type\":\"message_stop\"}");
    assertEquals(List.of(new MessageStart("msg_1", "m", new Usage(15, 1, 10, 0, 0)),
      BlockStart.text(0), new TextDelta(0, "Per "), new TextDelta(0, "the docs"), new BlockStop(0),
      BlockStart.toolCall(1, "toolu_1", "f"), new ToolArgsDelta(1, "{\"a\":1}"), new BlockStop(1),
      new MessageDelta(StopReason.PAUSE_TURN, null, new Usage(15, 9, 10, 0, 0)), new MessageStop()), events);
  }

  @Test
  void errorEventIsAFailureThatEndsTheStream() {
    StreamDecoder decoder = format.streamDecoder();
    List<StreamEvent> events = new ArrayList<>(decoder.decode(Buffer.buffer("event: message_start\ndata: "
      + "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":3}}}\n\n"
      + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")));
    events.addAll(decoder.finish());
    assertEquals(List.of(new MessageStart("msg_1", "m", new Usage(3, 0, 0, 0, 0)),
      new Failure(ErrorKind.UNAVAILABLE, "Overloaded")), events);
  }

  @Test
  void streamCutAfterTheStopReasonStillEndsCleanly() {
    StreamDecoder decoder = format.streamDecoder();
    decoder.decode(Buffer.buffer("data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"));
    assertEquals(List.of(new MessageStop()), decoder.finish());
  }

  @Test
  void streamCutMidAnswerIsAFailure() {
    StreamDecoder decoder = format.streamDecoder();
    decoder.decode(Buffer.buffer("data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"text\",\"text\":\"\"}}\n\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"));
    List<StreamEvent> end = decoder.finish();
    assertEquals(1, end.size());
    assertEquals(ErrorKind.UPSTREAM_ERROR, ((Failure) end.get(0)).kind());
  }

  @Test
  void eventThatIsNotJsonIsAFailure() {
    List<StreamEvent> events = format.streamDecoder().decode(Buffer.buffer("event: message_start\ndata: {oops\n\n"));
    assertEquals(List.of(new Failure(ErrorKind.UPSTREAM_ERROR, "the upstream sent an event that is not JSON")),
      events);
  }

  @Test
  void encoderHoldsTheStopUntilMessageStopWhenUsageComesLate() {
    // OpenAI's order: finish_reason in one chunk, usage in a later one
    Buffer out = Buffer.buffer();
    format.streamEncoder("claude-alias", true).encode(List.of(new MessageStart("chatcmpl-9", "gpt-4o", null),
      BlockStart.text(0), new TextDelta(0, "Hi"), new BlockStop(0),
      new MessageDelta(StopReason.STOP_SEQUENCE, "END", null),
      new MessageDelta(null, null, new Usage(30, 7, 20, 0, 3)), new MessageStop()), out);
    assertEquals("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_chatcmpl-9\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-alias\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
      + "\"cache_read_input_tokens\":0,\"output_tokens\":0}}}\n\n"
      + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
      + "{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\","
      + "\"stop_sequence\":\"END\"},\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":0,"
      + "\"cache_read_input_tokens\":20,\"output_tokens\":7}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", out.toString());
  }

  @Test
  void failureBecomesAnInBandErrorAndNothingFollows() {
    StreamEncoder encoder = format.streamEncoder("m", false);
    Buffer out = Buffer.buffer();
    encoder.encode(List.of(new MessageStart("msg_1", "m", Usage.NONE), BlockStart.text(0),
      new Failure(ErrorKind.UNAVAILABLE, "Overloaded"), new TextDelta(0, "late"), new MessageStop()), out);
    assertTrue(out.toString().endsWith("event: content_block_start\ndata: {\"type\":\"content_block_start\","
      + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"),
      out.toString());
  }

  @Test
  void errorWritesAnApiErrorEvent() {
    assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
      + "\"message\":\"upstream went away\"}}\n\n", format.streamEncoder("m", false).error("upstream went away")
      .toString());
  }

  @Test
  void encoderStartsAndClosesWhatItsSourceLeftOut() {
    Buffer out = Buffer.buffer();
    format.streamEncoder("m", false).encode(List.of(BlockStart.toolCall(0, "call_1", "f"),
      new ToolArgsDelta(0, "{}"), new MessageDelta(StopReason.TOOL_USE, null, null), new MessageStop()), out);
    String text = out.toString();
    assertTrue(text.startsWith("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_"));
    assertTrue(text.contains("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
      + "\"id\":\"call_1\",\"name\":\"f\",\"input\":{}}}"), text);
    assertTrue(text.endsWith("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
      + "\"stop_sequence\":null},\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
      + "\"cache_read_input_tokens\":0,\"output_tokens\":0}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"),
      text);
  }
}
