package io.switchboard.dialects.anthropic;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.SseParser;
import io.switchboard.dialects.SseStreamDecoder;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Anthropic Messages stream into canonical events: from SSE bytes ({@link #decode}) or, for Bedrock's
 * event-stream frames, one event's JSON at a time ({@link #onEvent}). Blocks the canonical model has no form for
 * (server_tool_use, web_search_tool_result and kin) are skipped with their deltas, and the remaining blocks are
 * renumbered so indexes stay 0, 1, 2... in order; citations_delta is dropped; ping is ignored.
 */
public final class AnthropicStreamDecoder extends SseStreamDecoder {
  private final AnthropicUsage.Counts counts = new AnthropicUsage.Counts();
  /** Upstream block index to canonical index, for the blocks kept. */
  private final Map<Integer, Integer> blocks = new HashMap<>();
  private int nextIndex;
  private boolean stopSeen;
  private boolean ended;

  public AnthropicStreamDecoder() {
  }

  @Override
  protected void onEvent(SseParser.Event event, List<StreamEvent> out) {
    out.addAll(onSse(event));
  }

  @Override
  protected void onEnd(List<StreamEvent> out) {
    if (!ended) {
      ended = true;
      // a stop reason already came: only message_stop was lost, the answer is whole
      out.add(stopSeen ? new StreamEvent.MessageStop()
        : new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR, "the upstream stream ended before message_stop"));
    }
  }

  private List<StreamEvent> onSse(SseParser.Event event) {
    JsonObject json;
    try {
      json = new JsonObject(event.data());
    } catch (RuntimeException notJson) {
      if (ended) {
        return List.of();
      }
      ended = true;
      return List.of(new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR, "the upstream sent an event that is not JSON"));
    }
    if (!json.containsKey("type") && event.name() != null) {
      json.put("type", event.name());
    }
    return onEvent(json);
  }

  /** The canonical events for one Anthropic event, given as its JSON data object (which carries "type"). */
  public List<StreamEvent> onEvent(JsonObject event) {
    if (ended || !(event.getValue("type") instanceof String type)) {
      return List.of();
    }
    switch (type) {
      case "message_start":
        JsonObject message = event.getValue("message") instanceof JsonObject m ? m : new JsonObject();
        if (message.getValue("usage") instanceof JsonObject usage) {
          counts.merge(usage);
        }
        return List.of(new StreamEvent.MessageStart(text(message, "id"), text(message, "model"),
          counts.canonical()));
      case "content_block_start":
        return blockStart(event);
      case "content_block_delta":
        return blockDelta(event);
      case "content_block_stop":
        Integer stopped = canonicalIndex(event);
        return stopped == null ? List.of() : List.of(new StreamEvent.BlockStop(stopped));
      case "message_delta":
        return messageDelta(event);
      case "message_stop":
        ended = true;
        return List.of(new StreamEvent.MessageStop());
      case "error":
        ended = true;
        JsonObject error = event.getValue("error") instanceof JsonObject e ? e : new JsonObject();
        String text = text(error, "message");
        return List.of(new StreamEvent.Failure(AnthropicErrors.kind(text(error, "type")),
          text == null ? "the upstream reported an error" : text));
      default:
        return List.of(); // ping, and event types newer than this code
    }
  }

  private List<StreamEvent> blockStart(JsonObject event) {
    if (!(event.getValue("index") instanceof Number upstream)
      || !(event.getValue("content_block") instanceof JsonObject block)) {
      return List.of();
    }
    String type = String.valueOf(block.getValue("type"));
    int index = nextIndex;
    List<StreamEvent> out = new ArrayList<>(2);
    switch (type) {
      case "text" -> {
        out.add(StreamEvent.BlockStart.text(index));
        addIfText(out, new StreamEvent.TextDelta(index, text(block, "text")), text(block, "text"));
      }
      case "thinking" -> {
        out.add(StreamEvent.BlockStart.thinking(index));
        addIfText(out, new StreamEvent.ThinkingDelta(index, text(block, "thinking")), text(block, "thinking"));
        addIfText(out, new StreamEvent.SignatureDelta(index, text(block, "signature")), text(block, "signature"));
      }
      case "redacted_thinking" -> out.add(StreamEvent.BlockStart.redactedThinking(index, text(block, "data")));
      case "tool_use" -> {
        out.add(StreamEvent.BlockStart.toolCall(index, text(block, "id"), text(block, "name")));
        // input is {} when it will stream as deltas; a proxy may send it whole instead
        if (block.getValue("input") instanceof JsonObject input && !input.isEmpty()) {
          out.add(new StreamEvent.ToolArgsDelta(index, input.encode()));
        }
      }
      default -> {
        return List.of();
      }
    }
    blocks.put(upstream.intValue(), index);
    nextIndex++;
    return out;
  }

  private static void addIfText(List<StreamEvent> out, StreamEvent event, String text) {
    if (text != null && !text.isEmpty()) {
      out.add(event);
    }
  }

  private List<StreamEvent> blockDelta(JsonObject event) {
    Integer index = canonicalIndex(event);
    if (index == null || !(event.getValue("delta") instanceof JsonObject delta)) {
      return List.of();
    }
    StreamEvent out = switch (String.valueOf(delta.getValue("type"))) {
      case "text_delta" -> new StreamEvent.TextDelta(index, orEmpty(text(delta, "text")));
      case "input_json_delta" -> new StreamEvent.ToolArgsDelta(index, orEmpty(text(delta, "partial_json")));
      case "thinking_delta" -> new StreamEvent.ThinkingDelta(index, orEmpty(text(delta, "thinking")));
      case "signature_delta" -> new StreamEvent.SignatureDelta(index, orEmpty(text(delta, "signature")));
      default -> null; // citations_delta and newer kinds
    };
    return out == null ? List.of() : List.of(out);
  }

  private List<StreamEvent> messageDelta(JsonObject event) {
    JsonObject delta = event.getValue("delta") instanceof JsonObject d ? d : new JsonObject();
    String reason = text(delta, "stop_reason");
    stopSeen |= reason != null;
    if (event.getValue("usage") instanceof JsonObject usage) {
      counts.merge(usage);
    }
    return List.of(new StreamEvent.MessageDelta(AnthropicStopReasons.decode(reason),
      AnthropicStopReasons.detail(reason, text(delta, "stop_sequence")), counts.canonical()));
  }

  private Integer canonicalIndex(JsonObject event) {
    return event.getValue("index") instanceof Number upstream ? blocks.get(upstream.intValue()) : null;
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s ? s : null;
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
