package io.switchboard.dialects.responses;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockKind;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes canonical events as the Responses API's SSE stream: {@code event: <type>} and {@code data: <json>} per
 * event, numbered from 0 by {@code sequence_number}. {@code response.created} and {@code response.in_progress}
 * open it; each canonical block is one output item ({@code output_item.added}, its content or summary part, its
 * deltas, their {@code .done} events, {@code output_item.done}); {@code response.completed} (or
 * {@code response.incomplete}) ends it with the whole output and the usage, which Codex CLI reads from there. A
 * failure is the {@code error} event followed by {@code response.failed}. A thinking block's signature becomes its
 * reasoning item's {@code encrypted_content}, so the client sends it back and it reaches its provider again.
 */
public final class ResponsesStreamEncoder implements StreamEncoder {
  private final String model;
  private final long createdAt;
  private final JsonObject request;
  private final Map<Integer, OpenItem> open = new TreeMap<>(); // canonical block -> its item
  private final List<JsonObject> items = new ArrayList<>(); // by output index; null until done
  private int sequence;
  private String id;
  private boolean ended;
  private StopReason stop;
  private Usage usage;

  /** The item a canonical block writes, while it is open. */
  private static final class OpenItem {
    final BlockKind kind;
    final int outputIndex;
    final String itemId;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    String callId;
    String name;
    String redactedData;
    boolean summaryOpened;

    OpenItem(BlockKind kind, int outputIndex, String itemId) {
      this.kind = kind;
      this.outputIndex = outputIndex;
      this.itemId = itemId;
    }
  }

  /** {@code request} is the client's body, whose parameters every response object repeats (empty when unknown). */
  ResponsesStreamEncoder(String model, long createdAt, JsonObject request) {
    this.model = model;
    this.createdAt = createdAt;
    this.request = request == null ? new JsonObject() : request;
  }

  @Override
  public void encode(List<StreamEvent> events, Buffer out) {
    for (StreamEvent event : events) {
      if (!ended) {
        encode(event, out);
      }
    }
  }

  private void encode(StreamEvent event, Buffer out) {
    if (event instanceof StreamEvent.MessageStart start) {
      usage = start.usage();
      begin(start.id(), out);
    } else if (event instanceof StreamEvent.BlockStart block) {
      begin(null, out);
      open(block, out);
    } else if (event instanceof StreamEvent.TextDelta delta) {
      OpenItem item = item(delta.index(), BlockKind.TEXT, delta.text());
      if (item != null) {
        item.text.append(delta.text());
        write("response.output_text.delta", text(item).put("delta", delta.text()).put("logprobs", new JsonArray()),
          out);
      }
    } else if (event instanceof StreamEvent.ThinkingDelta delta) {
      OpenItem item = item(delta.index(), BlockKind.THINKING, delta.text());
      if (item != null) {
        openSummary(item, out);
        item.text.append(delta.text());
        write("response.reasoning_summary_text.delta", summary(item).put("delta", delta.text()), out);
      }
    } else if (event instanceof StreamEvent.SignatureDelta delta) {
      OpenItem item = item(delta.index(), BlockKind.THINKING, delta.signature());
      if (item != null) {
        item.signature.append(delta.signature());
      }
    } else if (event instanceof StreamEvent.ToolArgsDelta delta) {
      OpenItem item = item(delta.index(), BlockKind.TOOL_CALL, delta.partialJson());
      if (item != null) {
        item.text.append(delta.partialJson());
        write("response.function_call_arguments.delta", of(item).put("delta", delta.partialJson()), out);
      }
    } else if (event instanceof StreamEvent.BlockStop stopped) {
      close(open.remove(stopped.index()), out);
    } else if (event instanceof StreamEvent.MessageDelta delta) {
      stop = delta.stopReason() != null ? delta.stopReason() : stop;
      usage = delta.usage() != null ? delta.usage() : usage;
    } else if (event instanceof StreamEvent.MessageStop) {
      end(out);
    } else if (event instanceof StreamEvent.Failure failure) {
      fail(failure.kind(), failure.message(), out);
    }
  }

  @Override
  public Buffer error(String message) {
    Buffer out = Buffer.buffer();
    fail(ErrorKind.UPSTREAM_ERROR, message, out);
    return out;
  }

  private void begin(String upstreamId, Buffer out) {
    if (id == null) {
      id = ResponsesItems.responseId(upstreamId);
      JsonObject response = envelope("in_progress", null, null, null);
      write("response.created", new JsonObject().put("response", response), out);
      write("response.in_progress", new JsonObject().put("response", response), out);
    }
  }

  private void open(StreamEvent.BlockStart block, Buffer out) {
    int outputIndex = items.size();
    items.add(null);
    String prefix = switch (block.kind()) {
      case TEXT -> "msg";
      case TOOL_CALL -> "fc";
      case THINKING, REDACTED_THINKING -> "rs";
    };
    OpenItem item = new OpenItem(block.kind(), outputIndex, ResponsesItems.itemId(prefix, id, outputIndex));
    open.put(block.index(), item);
    item.callId = block.toolCallId();
    item.name = block.toolName();
    item.redactedData = block.redactedData();
    JsonObject added = switch (block.kind()) {
      case TEXT -> ResponsesItems.message(item.itemId, ResponsesItems.IN_PROGRESS, new JsonArray());
      case TOOL_CALL -> ResponsesItems.functionCall(item.itemId, ResponsesItems.IN_PROGRESS, item.callId,
        item.name, "");
      case THINKING, REDACTED_THINKING -> ResponsesItems.reasoning(item.itemId, null, null);
    };
    write("response.output_item.added", new JsonObject().put("output_index", outputIndex).put("item", added), out);
    if (block.kind() == BlockKind.TEXT) {
      write("response.content_part.added", text(item).put("part", ResponsesItems.outputText("")), out);
    }
  }

  /** A summary part opens with the first reasoning text: a reasoning item without any keeps an empty summary. */
  private void openSummary(OpenItem item, Buffer out) {
    if (!item.summaryOpened) {
      item.summaryOpened = true;
      write("response.reasoning_summary_part.added", summary(item).put("part", ResponsesItems.summaryText("")), out);
    }
  }

  private void close(OpenItem item, Buffer out) {
    if (item == null) {
      return;
    }
    String text = item.text.toString();
    JsonObject done = switch (item.kind) {
      case TEXT -> {
        write("response.output_text.done", text(item).put("text", text).put("logprobs", new JsonArray()), out);
        write("response.content_part.done", text(item).put("part", ResponsesItems.outputText(text)), out);
        yield ResponsesItems.message(item.itemId, ResponsesItems.COMPLETED,
          new JsonArray().add(ResponsesItems.outputText(text)));
      }
      case TOOL_CALL -> {
        String arguments = text.isEmpty() ? "{}" : text;
        write("response.function_call_arguments.done", of(item).put("name", item.name).put("arguments", arguments),
          out);
        yield ResponsesItems.functionCall(item.itemId, ResponsesItems.COMPLETED, item.callId, item.name, arguments);
      }
      case THINKING -> {
        if (item.summaryOpened) {
          write("response.reasoning_summary_text.done", summary(item).put("text", text), out);
          write("response.reasoning_summary_part.done", summary(item).put("part", ResponsesItems.summaryText(text)),
            out);
        }
        yield ResponsesItems.reasoning(item.itemId, text, item.signature.isEmpty() ? null : item.signature.toString());
      }
      case REDACTED_THINKING -> ResponsesItems.reasoning(item.itemId, null, item.redactedData);
    };
    items.set(item.outputIndex, done);
    write("response.output_item.done", new JsonObject().put("output_index", item.outputIndex).put("item", done), out);
  }

  private void end(Buffer out) {
    begin(null, out);
    for (Integer block : List.copyOf(open.keySet())) {
      close(open.remove(block), out);
    }
    String status = ResponsesStatus.of(stop);
    JsonObject response = envelope(status, usage == null ? Usage.NONE : usage, null,
      ResponsesStatus.incompleteReason(stop));
    write("response." + status, new JsonObject().put("response", response), out);
    ended = true;
  }

  private void fail(ErrorKind kind, String message, Buffer out) {
    begin(null, out);
    write("error", new JsonObject().put("code", ResponsesErrors.code(kind)).put("message", message).putNull("param"),
      out);
    JsonObject response = envelope("failed", usage, ResponsesErrors.error(kind, message), null);
    write("response.failed", new JsonObject().put("response", response), out);
    ended = true;
  }

  /** The open item of a delta, or null when there is none of that kind or the delta carries nothing. */
  private OpenItem item(int block, BlockKind kind, String delta) {
    OpenItem item = open.get(block);
    return item != null && item.kind == kind && delta != null && !delta.isEmpty() ? item : null;
  }

  private JsonObject envelope(String status, Usage usage, JsonObject error, String incompleteReason) {
    JsonArray output = new JsonArray();
    items.stream().filter(item -> item != null).forEach(output::add);
    return ResponsesEnvelope.of(id, createdAt, status, model, request, output, usage, error, incompleteReason);
  }

  private static JsonObject of(OpenItem item) {
    return new JsonObject().put("item_id", item.itemId).put("output_index", item.outputIndex);
  }

  private static JsonObject text(OpenItem item) {
    return of(item).put("content_index", 0);
  }

  private static JsonObject summary(OpenItem item) {
    return of(item).put("summary_index", 0);
  }

  /** One SSE event: its type both as the event name and inside the data, then its sequence number. */
  private void write(String type, JsonObject fields, Buffer out) {
    JsonObject data = new JsonObject().put("type", type).put("sequence_number", sequence++);
    fields.forEach(field -> data.put(field.getKey(), field.getValue()));
    out.appendString("event: " + type + "\ndata: " + data.encode() + "\n\n");
  }
}
