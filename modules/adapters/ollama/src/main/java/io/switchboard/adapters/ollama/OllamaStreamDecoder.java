package io.switchboard.adapters.ollama;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockKind;
import io.switchboard.dialects.StreamDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Ollama's NDJSON stream: one JSON object a line, {@code {"message":{"content":...},"done":false}} per piece,
 * then a line with {@code done: true}, the stop reason and the token counts; {@code {"error":...}} ends it badly.
 * Thinking and text open blocks as they come; tool calls arrive whole, each one a block of its own.
 */
final class OllamaStreamDecoder implements StreamDecoder {
  private Buffer pending = Buffer.buffer();
  private boolean started;
  private boolean done;
  private boolean calledTools;
  private int nextIndex;
  private int openIndex = -1;
  private BlockKind openKind;

  @Override
  public List<StreamEvent> decode(Buffer read) {
    pending.appendBuffer(read);
    List<StreamEvent> events = new ArrayList<>();
    int lineStart = 0;
    for (int i = 0; i < pending.length(); i++) {
      if (pending.getByte(i) == '\n') { // never inside a UTF-8 sequence
        line(pending.getString(lineStart, i, StandardCharsets.UTF_8.name()), events);
        lineStart = i + 1;
      }
    }
    pending = pending.getBuffer(lineStart, pending.length());
    return events;
  }

  @Override
  public List<StreamEvent> finish() {
    List<StreamEvent> events = new ArrayList<>();
    line(pending.toString(StandardCharsets.UTF_8), events); // a last line without its newline
    pending = Buffer.buffer();
    return events;
  }

  private void line(String text, List<StreamEvent> events) {
    if (text.isBlank() || done) {
      return;
    }
    JsonObject line;
    try {
      line = new JsonObject(text);
    } catch (RuntimeException notJson) {
      done = true;
      events.add(new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR, "the upstream sent a line that is not JSON"));
      return;
    }
    if (line.getValue("error") != null) {
      done = true;
      events.add(new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR, String.valueOf(line.getValue("error"))));
      return;
    }
    if (!started) {
      started = true;
      events.add(new StreamEvent.MessageStart(OllamaAnswers.answerId(), line.getString("model"), null));
    }
    JsonObject message = OllamaAnswers.message(line);
    String thinking = message.getString("thinking", "");
    if (!thinking.isEmpty()) {
      events.add(new StreamEvent.ThinkingDelta(block(BlockKind.THINKING, events), thinking));
    }
    String content = message.getString("content", "");
    if (!content.isEmpty()) {
      events.add(new StreamEvent.TextDelta(block(BlockKind.TEXT, events), content));
    }
    JsonArray calls = OllamaAnswers.toolCalls(message);
    for (int i = 0; i < calls.size(); i++) {
      closeBlock(events);
      JsonObject function = calls.getJsonObject(i).getJsonObject("function", new JsonObject());
      int index = nextIndex++;
      events.add(StreamEvent.BlockStart.toolCall(index, OllamaAnswers.toolCallId(index), function.getString("name")));
      events.add(new StreamEvent.ToolArgsDelta(index, OllamaAnswers.arguments(function)));
      events.add(new StreamEvent.BlockStop(index));
      calledTools = true;
    }
    if (Boolean.TRUE.equals(line.getBoolean("done"))) {
      done = true;
      closeBlock(events);
      String doneReason = line.getString("done_reason");
      events.add(new StreamEvent.MessageDelta(OllamaAnswers.stopReason(doneReason, calledTools), doneReason,
        OllamaAnswers.usage(line)));
      events.add(new StreamEvent.MessageStop());
    }
  }

  /** The index of the open block of this kind, opening it (and closing another) when needed. */
  private int block(BlockKind kind, List<StreamEvent> events) {
    if (openKind != kind) {
      closeBlock(events);
      openIndex = nextIndex++;
      openKind = kind;
      events.add(kind == BlockKind.TEXT ? StreamEvent.BlockStart.text(openIndex)
        : StreamEvent.BlockStart.thinking(openIndex));
    }
    return openIndex;
  }

  private void closeBlock(List<StreamEvent> events) {
    if (openKind != null) {
      events.add(new StreamEvent.BlockStop(openIndex));
      openKind = null;
    }
  }
}
