package io.switchboard.dialects.anthropic;

import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.SseTemplate;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes canonical events as Anthropic's SSE stream: message_start and a ping, content_block_start/delta/stop,
 * then message_delta and message_stop. Anthropic puts the stop reason and the final usage in one message_delta,
 * so both are held until MessageStop (the canonical stream may send the stop before the usage).
 */
final class AnthropicStreamEncoder implements StreamEncoder {
  private final String model;
  private boolean started;
  private boolean finished;
  private Usage usage;
  private StopReason stopReason;
  private String stopDetail;
  /** Blocks opened and not yet stopped: closed before message_delta if the source never stopped them. */
  private final Set<Integer> open = new LinkedHashSet<>();
  /** The text delta of block {@code textIndex}, most of a stream's events, written from a template. */
  private SseTemplate textDelta;
  private int textIndex = -1;

  AnthropicStreamEncoder(String model) {
    this.model = model;
  }

  @Override
  public void encode(List<StreamEvent> events, Buffer out) {
    for (StreamEvent event : events) {
      if (!finished) {
        write(event, out);
      }
    }
  }

  @Override
  public Buffer error(String message) {
    finished = true;
    return frame(Buffer.buffer(), "error", AnthropicErrors.event("api_error", message));
  }

  private void write(StreamEvent event, Buffer out) {
    if (event instanceof StreamEvent.Failure failure) {
      finished = true;
      frame(out, "error", AnthropicErrors.event(AnthropicErrors.type(failure.kind()), failure.message()));
      return;
    }
    if (event instanceof StreamEvent.MessageStart start) {
      if (!started) {
        start(start.id(), start.model(), start.usage(), out);
      }
      return;
    }
    if (!started) {
      start(null, null, null, out); // a source that skipped its start still gets a well-formed stream
    }
    if (event instanceof StreamEvent.BlockStart block) {
      open.add(block.index());
      frame(out, "content_block_start", new JsonObject().put("type", "content_block_start")
        .put("index", block.index()).put("content_block", contentBlock(block)));
    } else if (event instanceof StreamEvent.TextDelta delta) {
      if (!textDelta(delta.index()).write(out, delta.text())) {
        delta(out, delta.index(), new JsonObject().put("type", "text_delta").put("text", delta.text()));
      }
    } else if (event instanceof StreamEvent.ToolArgsDelta delta) {
      delta(out, delta.index(), new JsonObject().put("type", "input_json_delta").put("partial_json",
        delta.partialJson()));
    } else if (event instanceof StreamEvent.ThinkingDelta delta) {
      delta(out, delta.index(), new JsonObject().put("type", "thinking_delta").put("thinking", delta.text()));
    } else if (event instanceof StreamEvent.SignatureDelta delta) {
      delta(out, delta.index(), new JsonObject().put("type", "signature_delta").put("signature",
        delta.signature()));
    } else if (event instanceof StreamEvent.BlockStop stop) {
      if (open.remove(stop.index())) {
        blockStop(out, stop.index());
      }
    } else if (event instanceof StreamEvent.MessageDelta delta) {
      if (delta.stopReason() != null) {
        stopReason = delta.stopReason();
        stopDetail = delta.stopDetail();
      }
      if (delta.usage() != null) {
        usage = delta.usage();
      }
    } else if (event instanceof StreamEvent.MessageStop) {
      stop(out);
    }
  }

  private void start(String id, String sourceModel, Usage startUsage, Buffer out) {
    started = true;
    usage = startUsage;
    JsonObject message = new JsonObject().put("id", AnthropicResponses.messageId(id)).put("type", "message")
      .put("role", "assistant").put("model", model != null ? model : sourceModel).put("content", new JsonArray())
      .putNull("stop_reason").putNull("stop_sequence").put("usage", AnthropicUsage.encode(startUsage));
    frame(out, "message_start", new JsonObject().put("type", "message_start").put("message", message));
    frame(out, "ping", new JsonObject().put("type", "ping"));
  }

  private static JsonObject contentBlock(StreamEvent.BlockStart block) {
    return switch (block.kind()) {
      case TEXT -> new JsonObject().put("type", "text").put("text", "");
      case THINKING -> new JsonObject().put("type", "thinking").put("thinking", "").put("signature", "");
      case REDACTED_THINKING -> new JsonObject().put("type", "redacted_thinking").put("data", block.redactedData());
      case TOOL_CALL -> new JsonObject().put("type", "tool_use").put("id", block.toolCallId())
        .put("name", block.toolName()).put("input", new JsonObject());
    };
  }

  private SseTemplate textDelta(int index) {
    if (index != textIndex) {
      Buffer event = Buffer.buffer();
      delta(event, index, new JsonObject().put("type", "text_delta").put("text", SseTemplate.HOLE));
      textDelta = SseTemplate.of(event);
      textIndex = index;
    }
    return textDelta;
  }

  private static void delta(Buffer out, int index, JsonObject delta) {
    frame(out, "content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", index)
      .put("delta", delta));
  }

  private static void blockStop(Buffer out, int index) {
    frame(out, "content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", index));
  }

  private void stop(Buffer out) {
    for (int index : open) {
      blockStop(out, index);
    }
    open.clear();
    JsonObject delta = new JsonObject().put("stop_reason", AnthropicStopReasons.encode(stopReason, stopDetail))
      .put("stop_sequence", AnthropicStopReasons.stopSequence(stopReason, stopDetail));
    frame(out, "message_delta", new JsonObject().put("type", "message_delta").put("delta", delta)
      .put("usage", AnthropicUsage.encode(usage)));
    frame(out, "message_stop", new JsonObject().put("type", "message_stop"));
    finished = true;
  }

  private static Buffer frame(Buffer out, String event, JsonObject data) {
    return out.appendString("event: ").appendString(event).appendString("\ndata: ").appendString(data.encode())
      .appendString("\n\n");
  }
}
