package io.switchboard.dialects;

import io.switchboard.api.Usage;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streamed answer put back together: the events of a stream in one dialect, read with that dialect's decoder, make
 * the whole answer that dialect would have given without streaming (text, thinking, tool calls, stop reason, usage).
 * For keeping a stream as one readable answer; a stream cut short makes the answer it had so far.
 */
public final class StreamReassembly {
  private StreamReassembly() {
  }

  /** The whole answer of {@code stream} as {@code dialect} writes one; null when the stream held no answer. */
  public static JsonObject of(WireFormat dialect, Buffer stream, String model) {
    StreamDecoder decoder = dialect.streamDecoder();
    List<StreamEvent> events = new ArrayList<>(decoder.decode(stream));
    events.addAll(decoder.finish());
    Answer answer = new Answer(model);
    events.forEach(answer::take);
    if (answer.id == null && answer.blocks.isEmpty()) {
      return null;
    }
    List<Part> content = new ArrayList<>();
    answer.blocks.values().forEach(b -> content.add(b.part()));
    return dialect.encodeResponse(new ChatResponse(answer.id, answer.model, content,
      answer.stop == null ? StopReason.END_TURN : answer.stop, answer.stopDetail,
      answer.usage == null ? Usage.NONE : answer.usage), model);
  }

  /** The answer as the events tell it so far. */
  private static final class Answer {
    final Map<Integer, Block> blocks = new TreeMap<>();
    String id;
    String model;
    Usage usage;
    StopReason stop;
    String stopDetail;

    Answer(String model) {
      this.model = model;
    }

    void take(StreamEvent event) {
      if (event instanceof StreamEvent.MessageStart start) {
        id = start.id();
        model = start.model() == null ? model : start.model();
        usage = start.usage() == null ? usage : start.usage();
      } else if (event instanceof StreamEvent.BlockStart start) {
        blocks.put(start.index(), new Block(start));
      } else if (event instanceof StreamEvent.TextDelta delta) {
        block(delta.index()).text.append(delta.text());
      } else if (event instanceof StreamEvent.ThinkingDelta delta) {
        block(delta.index()).text.append(delta.text());
      } else if (event instanceof StreamEvent.SignatureDelta delta) {
        block(delta.index()).signature = delta.signature();
      } else if (event instanceof StreamEvent.ToolArgsDelta delta) {
        block(delta.index()).text.append(delta.partialJson());
      } else if (event instanceof StreamEvent.MessageDelta delta) {
        stop = delta.stopReason() == null ? stop : delta.stopReason();
        stopDetail = delta.stopDetail() == null ? stopDetail : delta.stopDetail();
        usage = delta.usage() == null ? usage : delta.usage();
      }
    }

    private Block block(int index) {
      return blocks.computeIfAbsent(index, i -> new Block(StreamEvent.BlockStart.text(i)));
    }
  }

  /** One content block as its deltas arrive. */
  private static final class Block {
    final StreamEvent.BlockStart start;
    final StringBuilder text = new StringBuilder();
    String signature;

    Block(StreamEvent.BlockStart start) {
      this.start = start;
    }

    Part part() {
      return switch (start.kind()) {
        case TEXT -> Part.Text.of(text.toString());
        case THINKING -> new Part.Thinking(text.toString(), signature);
        case REDACTED_THINKING -> new Part.RedactedThinking(start.redactedData());
        case TOOL_CALL -> new Part.ToolCall(start.toolCallId(), start.toolName(), text.isEmpty() ? "{}" : text.toString());
      };
    }
  }
}
