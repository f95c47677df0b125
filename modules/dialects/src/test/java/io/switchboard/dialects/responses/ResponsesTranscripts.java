package io.switchboard.dialects.responses;

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
import io.switchboard.dialects.StreamRuns;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The upstream Responses streams under {@code responses/upstream-stream-*.sse} (modelled on OpenAI's streaming
 * guide and its reasoning and function-calling examples) and the canonical events each decodes to.
 */
final class ResponsesTranscripts {
  /** The {@code created_at} of every golden answer. */
  static final ResponsesWireFormat FORMAT =
    new ResponsesWireFormat(Clock.fixed(Instant.ofEpochSecond(1741290958), ZoneOffset.UTC));

  static final String ENCRYPTED = "gAAAAABor0AxqW6fZr1c8bW4m3aK7Jt0wJ2sY4pX9uQ1oV5nR8eL3dH6gT2cF0aS7kM9iN4bU1yE5z"
    + "X8wQ6vP3jO2hG0lD7fA==";

  static final List<StreamEvent> TEXT = List.of(
    new MessageStart("resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654", "gpt-4.1-2025-04-14", null),
    BlockStart.text(0),
    new TextDelta(0, "Double"), new TextDelta(0, " bubble"), new TextDelta(0, " bath"),
    new TextDelta(0, ", double bubble bath"), new TextDelta(0, " — ünïcödé ✓ \"quoted\"\n"),
    new BlockStop(0),
    new MessageDelta(StopReason.END_TURN, null, new Usage(37, 11, 32, 0, 0)),
    new MessageStop());

  static final List<StreamEvent> REASONING_CALL = List.of(
    new MessageStart("resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b", "gpt-5-2025-08-07", null),
    BlockStart.thinking(0),
    new ThinkingDelta(0, "**Checking the weather**"), new ThinkingDelta(0, "\n\nThe user asks about Paris;"),
    new ThinkingDelta(0, " I should call get_weather."),
    new ThinkingDelta(0, "\n\n"), // the second summary part
    new ThinkingDelta(0, "**Choosing units**"), new ThinkingDelta(0, "\n\nCelsius suits Paris."),
    new SignatureDelta(0, ENCRYPTED),
    new BlockStop(0),
    BlockStart.toolCall(1, "call_uUd4nWfTmqL8qkWsXQXrO2Ps", "get_weather"),
    new ToolArgsDelta(1, "{\"location\":"), new ToolArgsDelta(1, "\"Paris,"), new ToolArgsDelta(1, " France\"}"),
    new BlockStop(1),
    new MessageDelta(StopReason.TOOL_USE, null, new Usage(75, 148, 0, 0, 128)),
    new MessageStop());

  private ResponsesTranscripts() {
  }

  /** Every event a decoder gives for one read of the whole stream, {@code finish()} included. */
  static List<StreamEvent> decode(StreamDecoder decoder, byte[] whole) {
    return StreamRuns.decode(decoder, List.of(whole));
  }
}
