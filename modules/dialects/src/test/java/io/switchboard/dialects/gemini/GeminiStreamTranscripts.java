package io.switchboard.dialects.gemini;

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
import java.util.List;

/**
 * The three upstream stream transcripts under {@code gemini/stream-*.upstream.sse} (modelled on Google's
 * {@code alt=sse} output) and the canonical events each must decode to.
 */
final class GeminiStreamTranscripts {
  private GeminiStreamTranscripts() {
  }

  /** A transcript's name and the events it decodes to. */
  record Transcript(String name, List<StreamEvent> events) {
    byte[] upstream() {
      return GoldenFiles.bytes(name + ".upstream.sse");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final Transcript TEXT = new Transcript("stream-text", List.of(
    new MessageStart("mBzcaNnqLbqMz7IPqfTW2Ac", "gemini-2.0-flash", new Usage(8, 0, 0, 0, 0)),
    BlockStart.text(0),
    new TextDelta(0, "The"),
    new TextDelta(0, " quick brown fox jumps over the lazy dog."),
    new TextDelta(0, " Ünïcödé ✓ \"quoted\"\n"),
    new BlockStop(0),
    new MessageDelta(StopReason.END_TURN, null, new Usage(8, 14, 0, 0, 0)),
    new MessageStop()));

  static final Transcript FUNCTION_CALL = new Transcript("stream-function-call", List.of(
    new MessageStart("Qe7ZkR2xXvGm1c8P", "gemini-2.5-flash", new Usage(73, 0, 0, 0, 0)),
    BlockStart.text(0),
    new TextDelta(0, "Let me check both cities."),
    new BlockStop(0),
    BlockStart.toolCall(1, "call_1", "get_current_weather"),
    new ToolArgsDelta(1, "{\"location\":\"Boston, MA\"}"),
    new BlockStop(1),
    BlockStart.toolCall(2, "call_2", "get_current_weather"),
    new ToolArgsDelta(2, "{\"location\":\"Paris, FR\",\"unit\":\"celsius\"}"),
    new BlockStop(2),
    new MessageDelta(StopReason.TOOL_USE, null, new Usage(73, 112, 0, 0, 71)),
    new MessageStop()));

  static final Transcript THOUGHTS = new Transcript("stream-thoughts", List.of(
    new MessageStart("c2lnbmF0dXJlLXRocmVl", "gemini-2.5-pro", new Usage(12, 128, 0, 0, 128)),
    BlockStart.thinking(0),
    new ThinkingDelta(0, "**Weighing the options**\nThe user wants a haiku about "),
    new ThinkingDelta(0, "autumn; five, seven, five."),
    new SignatureDelta(0, "EpYCCpMCAcu98PDhdW1uLXNpZw=="),
    new BlockStop(0),
    BlockStart.text(1),
    new TextDelta(1, "Crimson leaves drifting,"),
    new TextDelta(1, "\nquiet"),
    new TextDelta(1, " pond holds the sky."),
    new BlockStop(1),
    new MessageDelta(StopReason.END_TURN, null, new Usage(12, 302, 0, 0, 288)),
    new MessageStop()));

  static final List<Transcript> ALL = List.of(TEXT, FUNCTION_CALL, THOUGHTS);
}
