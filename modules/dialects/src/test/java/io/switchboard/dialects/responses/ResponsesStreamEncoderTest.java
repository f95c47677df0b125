package io.switchboard.dialects.responses;

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
import io.switchboard.dialects.GoldenFiles;
import io.switchboard.dialects.StreamRuns;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact SSE a Responses client (Codex CLI, OpenAI's SDKs) receives for canonical events. */
class ResponsesStreamEncoderTest {
  private final ResponsesWireFormat format = ResponsesTranscripts.FORMAT;

  /** One SSE event: its name and its data. */
  private record Sse(String name, JsonObject data) {
  }

  private static List<Sse> events(String sse) {
    List<Sse> events = new ArrayList<>();
    for (String event : sse.split("\n\n")) {
      String[] lines = event.split("\n", 2);
      events.add(new Sse(lines[0].substring("event: ".length()),
        new JsonObject(lines[1].substring("data: ".length()))));
    }
    return events;
  }

  private List<Sse> encode(List<StreamEvent> events) {
    return events(StreamRuns.encode(format.streamEncoder("my-model", false), events));
  }

  private static List<String> names(List<Sse> events) {
    return events.stream().map(Sse::name).toList();
  }

  @Test
  void reasoningSummaryAndCallMatchTheGoldenFile() {
    assertEquals(GoldenFiles.text("responses/stream-reasoning-call.sse"),
      StreamRuns.encode(format.streamEncoder("gpt-5", false), ResponsesTranscripts.REASONING_CALL));
  }

  /** What the gateway writes, its own decoder (and so any Responses reader) reads back as the same events. */
  @Test
  void goldenDecodesBackToTheSameEvents() {
    List<StreamEvent> expected = new ArrayList<>(ResponsesTranscripts.REASONING_CALL);
    MessageStart start = (MessageStart) expected.get(0);
    expected.set(0, new MessageStart(start.id(), "gpt-5", null));

    assertEquals(expected, ResponsesTranscripts.decode(format.streamDecoder(),
      GoldenFiles.bytes("responses/stream-reasoning-call.sse")));
  }

  /** Each event is named by its type, and sequence numbers count from 0 without a gap, as OpenAI numbers them. */
  @ParameterizedTest
  @ValueSource(strings = {"stream-reasoning-call.sse", "stream-from-chat.sse", "stream-from-anthropic.sse",
    "stream-from-gemini.sse"})
  void everyEventIsNamedByItsTypeAndNumberedInOrder(String golden) {
    List<Sse> events = events(GoldenFiles.text("responses/" + golden));
    for (int i = 0; i < events.size(); i++) {
      assertEquals(events.get(i).name(), events.get(i).data().getString("type"));
      assertEquals(i, events.get(i).data().getInteger("sequence_number"));
    }
    assertEquals(List.of("response.created", "response.in_progress"), names(events).subList(0, 2));
    assertEquals("response.completed", names(events).get(events.size() - 1));
  }

  /**
   * After a failure: the {@code error} event and {@code response.failed} with the error's code, which Codex CLI
   * reads (rate_limit_exceeded is retried), and nothing more, whatever else arrives.
   */
  @Test
  void aFailureMidStreamIsTheErrorEventAndResponseFailed() {
    List<Sse> events = encode(List.of(new MessageStart("msg_1", "m", new Usage(10, 0, 0, 0, 0)), BlockStart.text(0),
      new TextDelta(0, "Hel"), new StreamEvent.Failure(ErrorKind.RATE_LIMITED, "Rate limit reached. Please try again "
        + "in 20s."), new TextDelta(0, "lo"), new MessageStop()));

    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.content_part.added", "response.output_text.delta", "error", "response.failed"), names(events));
    assertEquals(new JsonObject().put("type", "error").put("sequence_number", 5).put("code", "rate_limit_exceeded")
      .put("message", "Rate limit reached. Please try again in 20s.").putNull("param"), events.get(5).data());
    JsonObject failed = events.get(6).data().getJsonObject("response");
    assertEquals("failed", failed.getString("status"));
    assertEquals("resp_msg_1", failed.getString("id"));
    assertEquals(new JsonObject().put("code", "rate_limit_exceeded").put("message", "Rate limit reached. Please try "
      + "again in 20s."), failed.getJsonObject("error"));
  }

  /** The in-band error the ingress writes when a stream breaks: it opens the response first if nothing had. */
  @Test
  void errorBytesOnAFreshStream() {
    List<Sse> events = events(format.streamEncoder("m", false).error("Upstream \"x\" failed").toString());

    assertEquals(List.of("response.created", "response.in_progress", "error", "response.failed"), names(events));
    assertEquals(new JsonObject("{\"type\":\"error\",\"sequence_number\":2,\"code\":\"server_error\","
      + "\"message\":\"Upstream \\\"x\\\" failed\",\"param\":null}"), events.get(2).data());
  }

  /** Out of tokens: {@code response.incomplete}; blocks left open are closed first; usage from MessageStart. */
  @Test
  void maxTokensEndsWithResponseIncomplete() {
    List<Sse> events = encode(List.of(new MessageStart("msg_1", "m", new Usage(12, 0, 4, 0, 0)), BlockStart.text(0),
      new TextDelta(0, "The three laws of"), new MessageDelta(StopReason.MAX_TOKENS, null, null), new MessageStop()));

    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.content_part.added", "response.output_text.delta", "response.output_text.done",
      "response.content_part.done", "response.output_item.done", "response.incomplete"), names(events));
    JsonObject response = events.get(8).data().getJsonObject("response");
    assertEquals("incomplete", response.getString("status"));
    assertEquals(new JsonObject().put("reason", "max_output_tokens"), response.getJsonObject("incomplete_details"));
    assertEquals(new JsonObject("{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":4},"
      + "\"output_tokens\":0,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":12}"),
      response.getJsonObject("usage"));
    assertEquals(1, response.getJsonArray("output").size());
  }

  /**
   * A stream that skipped MessageStart still opens with response.created; a call with no arguments gets "{}" (Codex
   * parses them); a reasoning block with no text keeps an empty summary; usage is never missing from completed.
   */
  @Test
  void edgesCodexDependsOn() {
    List<Sse> events = encode(List.of(BlockStart.thinking(0), new StreamEvent.SignatureDelta(0, "EqQB"),
      new BlockStop(0), BlockStart.toolCall(1, "call_1", "update_plan"), new StreamEvent.ToolArgsDelta(1, ""),
      new BlockStop(1), new MessageDelta(StopReason.TOOL_USE, null, null), new MessageStop()));

    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.output_item.done", "response.output_item.added", "response.function_call_arguments.done",
      "response.output_item.done", "response.completed"), names(events));
    assertEquals(new JsonObject("{\"id\":\"rs_" + events.get(0).data().getJsonObject("response").getString("id")
      .substring(5) + "_0\",\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"EqQB\"}"),
      events.get(3).data().getJsonObject("item"));
    assertEquals("{}", events.get(6).data().getJsonObject("item").getString("arguments"));
    JsonObject completed = events.get(7).data().getJsonObject("response");
    assertEquals(0, completed.getJsonObject("usage").getInteger("total_tokens"));
    assertEquals(2, completed.getJsonArray("output").size());
  }
}
