package io.switchboard.dialects.gemini;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes canonical events as Gemini stream chunks, each a whole {@code GenerateContentResponse}: framed as SSE
 * ({@code alt=sse}, events ended by CRLF CRLF as Google sends them) or as the streamed JSON array
 * {@code streamGenerateContent} returns without it. Each text or thought delta is one chunk carrying the usage
 * known so far; a tool call is held until its block closes, since Gemini sends a call whole; the stop reason is
 * held for a last chunk with the final usage. Google has no in-band error event, so a failure is written as an
 * error object in the stream's own framing. Dropped: redacted thinking, which only Anthropic can read.
 */
final class GeminiStreamEncoder implements StreamEncoder {
  private static final byte[] SSE_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SSE_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ARRAY_SEPARATOR = "\n,\r\n".getBytes(StandardCharsets.US_ASCII);

  private final String model;
  private final boolean jsonArray;
  private final Map<Integer, PendingCall> calls = new HashMap<>();
  private String id;
  private Usage usage;
  private StopReason stop;
  private String stopDetail;
  private boolean opened;
  private boolean closed;

  private static final class PendingCall {
    final String id;
    final String name;
    final StringBuilder args = new StringBuilder();

    PendingCall(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  GeminiStreamEncoder(String model, boolean jsonArray) {
    this.model = model;
    this.jsonArray = jsonArray;
  }

  @Override
  public void encode(List<StreamEvent> events, Buffer out) {
    for (StreamEvent event : events) {
      if (closed) {
        return;
      }
      if (event instanceof StreamEvent.MessageStart start) {
        id = start.id();
        usage = start.usage() != null ? start.usage() : usage;
      } else if (event instanceof StreamEvent.BlockStart block && block.kind() == StreamEvent.BlockKind.TOOL_CALL) {
        calls.put(block.index(), new PendingCall(block.toolCallId(), block.toolName()));
      } else if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()) {
        chunk(new JsonObject().put("text", delta.text()), null, out);
      } else if (event instanceof StreamEvent.ThinkingDelta delta && !delta.text().isEmpty()) {
        chunk(GeminiPartWriter.thought(delta.text(), null), null, out);
      } else if (event instanceof StreamEvent.SignatureDelta delta) {
        // kept so a Gemini client can send it back with the history (see GeminiPartWriter.responsePart)
        chunk(GeminiPartWriter.thought("", delta.signature()), null, out);
      } else if (event instanceof StreamEvent.ToolArgsDelta delta && calls.containsKey(delta.index())) {
        calls.get(delta.index()).args.append(delta.partialJson());
      } else if (event instanceof StreamEvent.BlockStop block && calls.containsKey(block.index())) {
        call(calls.remove(block.index()), out);
      } else if (event instanceof StreamEvent.MessageDelta delta) {
        stop = delta.stopReason() != null ? delta.stopReason() : stop;
        stopDetail = delta.stopReason() != null ? delta.stopDetail() : stopDetail;
        usage = delta.usage() != null ? delta.usage() : usage;
      } else if (event instanceof StreamEvent.MessageStop) {
        calls.values().forEach(pending -> call(pending, out)); // a call whose block never closed
        calls.clear();
        chunk(new JsonObject().put("text", ""), GeminiFinishReasons.write(stop, stopDetail), out);
        if (jsonArray) {
          out.appendString("]");
        }
        closed = true;
      } else if (event instanceof StreamEvent.Failure failure) {
        writeError(failure.kind(), failure.message(), out);
      }
    }
  }

  @Override
  public Buffer error(String message) {
    Buffer out = Buffer.buffer();
    if (!closed) {
      writeError(ErrorKind.INTERNAL, message, out);
    }
    return out;
  }

  private void call(PendingCall pending, Buffer out) {
    JsonObject args = GeminiArgs.object(pending.args.toString());
    JsonObject call = GeminiPartWriter.functionCall(pending.id, pending.name, args);
    chunk(new JsonObject().put("functionCall", call), null, out);
  }

  /** One chunk in Google's field order: candidates, usageMetadata, modelVersion, responseId. */
  private void chunk(JsonObject part, String finishReason, Buffer out) {
    JsonObject candidate = new JsonObject()
      .put("content", new JsonObject().put("parts", new JsonArray().add(part)).put("role", "model"));
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    JsonObject chunk = new JsonObject().put("candidates", new JsonArray().add(candidate.put("index", 0)));
    if (usage != null) {
      chunk.put("usageMetadata", GeminiUsage.write(usage));
    }
    if (model != null) {
      chunk.put("modelVersion", model);
    }
    if (id != null) {
      chunk.put("responseId", id);
    }
    frame(chunk, out);
  }

  private void frame(JsonObject json, Buffer out) {
    if (jsonArray) {
      out.appendBytes(opened ? ARRAY_SEPARATOR : new byte[] {'['});
      out.appendBuffer(json.toBuffer());
    } else {
      out.appendBytes(SSE_PREFIX).appendBuffer(json.toBuffer()).appendBytes(SSE_END);
    }
    opened = true;
  }

  private void writeError(ErrorKind kind, String message, Buffer out) {
    frame(GeminiErrors.error(kind, message == null ? kind.name() : message), out);
    if (jsonArray) {
      out.appendString("]");
    }
    closed = true;
  }
}
