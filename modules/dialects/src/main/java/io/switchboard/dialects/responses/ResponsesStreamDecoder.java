package io.switchboard.dialects.responses;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.SseParser;
import io.switchboard.dialects.SseStreamDecoder;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a Responses API SSE stream into canonical events. Each text content part of a message is a text block;
 * each function call a tool-call block; each reasoning item a thinking block whose text is its summary (parts
 * joined by a blank line) or raw reasoning text, whose signature is its encrypted_content, and which opens at its
 * first text (or at its end, as redacted thinking, when only encrypted content came). Servers that send only
 * {@code output_item.done} events still give whole blocks. {@code response.completed} and
 * {@code response.incomplete} carry the usage and end the answer; {@code response.failed} and {@code error} are
 * failures. Items of OpenAI-run tools are dropped by rule. The event type is read from the data, as Codex CLI does.
 */
public final class ResponsesStreamDecoder extends SseStreamDecoder {
  private final Map<String, Integer> blocks = new HashMap<>(); // "output index" or "output:content" -> block
  private final TreeSet<Integer> openBlocks = new TreeSet<>();
  private final Map<Integer, Boolean> argumentsStreamed = new HashMap<>(); // tool block -> any delta seen
  private int nextBlock;
  private boolean started;
  private boolean calledTools;
  private boolean ended;

  @Override
  protected void onEnd(List<StreamEvent> events) {
    if (!ended) {
      events.add(new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR,
        "The upstream stream ended before the answer was complete."));
      ended = true;
    }
  }

  @Override
  protected void onEvent(SseParser.Event sse, List<StreamEvent> events) {
    String data = sse.data();
    if (ended || data.isBlank()) {
      return;
    }
    JsonObject event;
    try {
      event = new JsonObject(data);
    } catch (RuntimeException notJson) {
      fail(ErrorKind.UPSTREAM_ERROR, "The upstream sent an unreadable stream event.", events);
      return;
    }
    String output = event.getValue("output_index") instanceof Number n ? String.valueOf(n.intValue()) : "0";
    String part = output + ":" + (event.getValue("content_index") instanceof Number n ? n.intValue() : 0);
    String delta = event.getValue("delta") instanceof String d ? d : "";
    JsonObject item = event.getValue("item") instanceof JsonObject i ? i : new JsonObject();
    switch (String.valueOf(event.getValue("type"))) {
      case "response.created", "response.in_progress" -> start(event, events);
      case "response.output_item.added" -> added(output, item, events);
      case "response.content_part.added" -> textBlock(part, events);
      case "response.output_text.delta", "response.refusal.delta" -> {
        if (!delta.isEmpty()) {
          events.add(new StreamEvent.TextDelta(textBlock(part, events), delta));
        }
      }
      case "response.content_part.done" -> close(blocks.get(part), events);
      case "response.function_call_arguments.delta" -> arguments(output, delta, events);
      case "response.reasoning_summary_part.added" -> {
        if (event.getValue("summary_index") instanceof Number n && n.intValue() > 0) {
          events.add(new StreamEvent.ThinkingDelta(thinkingBlock(output, events), "\n\n"));
        }
      }
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> {
        if (!delta.isEmpty()) {
          events.add(new StreamEvent.ThinkingDelta(thinkingBlock(output, events), delta));
        }
      }
      case "response.output_item.done" -> done(output, item, events);
      case "response.completed", "response.incomplete" -> end(event, events);
      case "response.failed" -> {
        JsonObject response = event.getValue("response") instanceof JsonObject r ? r : new JsonObject();
        JsonObject error = response.getValue("error") instanceof JsonObject e ? e : new JsonObject();
        fail(ResponsesErrors.kind(error), message(error, "The upstream response failed."), events);
      }
      case "error" -> fail(ResponsesErrors.kind(event), message(event, "The upstream reported an error."), events);
      default -> { } // text .done events repeat what the deltas said; OpenAI-run tools' progress has no canonical form
    }
  }

  private void added(String output, JsonObject item, List<StreamEvent> events) {
    String type = String.valueOf(item.getValue("type"));
    if (type.equals("function_call") || type.equals("custom_tool_call")) {
      start(null, events);
      int block = open(output, StreamEvent.BlockStart.toolCall(nextBlock, string(item, "call_id"),
        string(item, "name")), events);
      argumentsStreamed.put(block, false);
    }
    // a message opens a block per content part; a reasoning item at its first text
  }

  /**
   * An item is whole: blocks it still holds close, and what only the whole item says is added: a call's arguments
   * when none streamed, a reasoning item's encrypted content, the text of items nothing was streamed for.
   */
  private void done(String output, JsonObject item, List<StreamEvent> events) {
    String type = String.valueOf(item.getValue("type"));
    Integer block = blocks.get(output);
    if (type.equals("message")) {
      boolean streamed = blocks.keySet().stream().anyMatch(key -> key.startsWith(output + ":"));
      if (!streamed) {
        replay(item, events);
      }
      blocks.entrySet().stream().filter(e -> e.getKey().startsWith(output + ":")).map(Map.Entry::getValue)
        .toList().forEach(open -> close(open, events));
    } else if (type.equals("function_call") || type.equals("custom_tool_call")) {
      if (block == null) {
        added(output, item, events);
        block = blocks.get(output);
      }
      calledTools = true;
      if (!argumentsStreamed.getOrDefault(block, true) && openBlocks.contains(block)) {
        List<Part> parts = new ArrayList<>();
        ResponsesAnswers.read(item, parts);
        events.add(new StreamEvent.ToolArgsDelta(block, ((Part.ToolCall) parts.get(0)).arguments()));
      }
      close(block, events);
    } else if (type.equals("reasoning")) {
      String encrypted = string(item, "encrypted_content");
      if (block != null) {
        if (encrypted != null && openBlocks.contains(block)) {
          events.add(new StreamEvent.SignatureDelta(block, encrypted));
        }
        close(block, events);
      } else {
        replay(item, events);
      }
    }
  }

  /** An item whose content never streamed, as whole blocks. */
  private void replay(JsonObject item, List<StreamEvent> events) {
    List<Part> parts = new ArrayList<>();
    ResponsesAnswers.read(item, parts);
    for (Part part : parts) {
      start(null, events);
      int block = nextBlock++;
      if (part instanceof Part.Text text) {
        events.add(StreamEvent.BlockStart.text(block));
        events.add(new StreamEvent.TextDelta(block, text.text()));
      } else if (part instanceof Part.Thinking thinking) {
        events.add(StreamEvent.BlockStart.thinking(block));
        events.add(new StreamEvent.ThinkingDelta(block, thinking.text()));
        if (thinking.signature() != null) {
          events.add(new StreamEvent.SignatureDelta(block, thinking.signature()));
        }
      } else if (part instanceof Part.RedactedThinking redacted) {
        events.add(StreamEvent.BlockStart.redactedThinking(block, redacted.data()));
      }
      events.add(new StreamEvent.BlockStop(block));
    }
  }

  private void arguments(String output, String delta, List<StreamEvent> events) {
    Integer block = blocks.get(output);
    if (block != null && openBlocks.contains(block) && !delta.isEmpty()) {
      argumentsStreamed.put(block, true);
      events.add(new StreamEvent.ToolArgsDelta(block, delta));
    }
  }

  private int textBlock(String part, List<StreamEvent> events) {
    Integer block = blocks.get(part);
    return block != null ? block : open(part, StreamEvent.BlockStart.text(nextBlock), events);
  }

  private int thinkingBlock(String output, List<StreamEvent> events) {
    Integer block = blocks.get(output);
    return block != null ? block : open(output, StreamEvent.BlockStart.thinking(nextBlock), events);
  }

  private int open(String key, StreamEvent.BlockStart start, List<StreamEvent> events) {
    start(null, events);
    events.add(start);
    blocks.put(key, start.index());
    openBlocks.add(start.index());
    return nextBlock++;
  }

  private void close(Integer block, List<StreamEvent> events) {
    if (block != null && openBlocks.remove(block)) {
      events.add(new StreamEvent.BlockStop(block));
    }
  }

  private void end(JsonObject event, List<StreamEvent> events) {
    JsonObject response = event.getValue("response") instanceof JsonObject r ? r : new JsonObject();
    start(event, events);
    while (!openBlocks.isEmpty()) {
      close(openBlocks.first(), events);
    }
    String status = response.getValue("status") instanceof String s ? s
      : String.valueOf(event.getValue("type")).substring("response.".length());
    JsonObject incomplete = response.getValue("incomplete_details") instanceof JsonObject i ? i : new JsonObject();
    String reason = string(incomplete, "reason");
    events.add(new StreamEvent.MessageDelta(ResponsesStatus.toCanonical(status, reason, calledTools),
      ResponsesStatus.detail(status, reason), ResponsesUsage.from(response.getValue("usage"))));
    events.add(new StreamEvent.MessageStop());
    ended = true;
  }

  private void start(JsonObject event, List<StreamEvent> events) {
    if (!started) {
      started = true;
      JsonObject response = event != null && event.getValue("response") instanceof JsonObject r ? r
        : new JsonObject();
      events.add(new StreamEvent.MessageStart(string(response, "id"), string(response, "model"), null));
    }
  }

  private void fail(ErrorKind kind, String message, List<StreamEvent> events) {
    events.add(new StreamEvent.Failure(kind, message));
    ended = true;
  }

  private static String message(JsonObject error, String otherwise) {
    return error.getValue("message") instanceof String m && !m.isEmpty() ? m : otherwise;
  }

  private static String string(JsonObject json, String field) {
    return json.getValue(field) instanceof String s ? s : null;
  }
}
