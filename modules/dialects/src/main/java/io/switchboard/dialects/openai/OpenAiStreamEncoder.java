package io.switchboard.dialects.openai;

import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.SseTemplate;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes canonical events as the {@code chat.completion.chunk} SSE stream OpenAI sends: a role chunk, content,
 * {@code reasoning_content} (the DeepSeek/vLLM/LiteLLM convention) and tool-call fragments indexed among the tool
 * calls, then the finish chunk, the usage chunk when asked for, and {@code [DONE]}. The stop reason is held until
 * MessageStop because OpenAI sends it after the last content. Signatures and redacted thinking have no OpenAI
 * form and are dropped.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {
  private final String model;
  private final boolean includeUsage;
  private final long created;
  private final Map<Integer, Integer> toolOrdinals = new HashMap<>(); // canonical block -> OpenAI tool index
  private String id;
  private boolean ended;
  private StopReason stop;
  private Usage usage;
  /** The content chunk, most of a stream's events, written from a template once the stream's id is known. */
  private SseTemplate contentChunk;

  public OpenAiStreamEncoder(String model, boolean includeUsage) {
    this(model, includeUsage, Instant.now().getEpochSecond());
  }

  OpenAiStreamEncoder(String model, boolean includeUsage, long created) {
    this.model = model;
    this.includeUsage = includeUsage;
    this.created = created;
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
    } else if (event instanceof StreamEvent.BlockStart block && block.kind() == StreamEvent.BlockKind.TOOL_CALL) {
      int ordinal = toolOrdinals.size();
      toolOrdinals.put(block.index(), ordinal);
      JsonObject function = new JsonObject().put("name", block.toolName()).put("arguments", "");
      write(toolDelta(new JsonObject().put("index", ordinal).put("id", block.toolCallId()).put("type", "function")
        .put("function", function)), null, out);
    } else if (event instanceof StreamEvent.TextDelta text) {
      begin(null, out);
      if (contentChunk == null) {
        Buffer chunk = Buffer.buffer();
        write(new JsonObject().put("content", SseTemplate.HOLE), null, chunk);
        contentChunk = SseTemplate.of(chunk);
      }
      if (!contentChunk.write(out, text.text())) {
        write(new JsonObject().put("content", text.text()), null, out);
      }
    } else if (event instanceof StreamEvent.ThinkingDelta thinking) {
      write(new JsonObject().put("reasoning_content", thinking.text()), null, out);
    } else if (event instanceof StreamEvent.ToolArgsDelta args) {
      Integer ordinal = toolOrdinals.get(args.index());
      if (ordinal != null) {
        write(toolDelta(new JsonObject().put("index", ordinal)
          .put("function", new JsonObject().put("arguments", args.partialJson()))), null, out);
      }
    } else if (event instanceof StreamEvent.MessageDelta delta) {
      stop = delta.stopReason() != null ? delta.stopReason() : stop;
      usage = delta.usage() != null ? delta.usage() : usage;
    } else if (event instanceof StreamEvent.MessageStop) {
      end(out);
    } else if (event instanceof StreamEvent.Failure failure) {
      out.appendBuffer(error(failure.message()));
      ended = true;
    }
    // text/thinking block starts, block stops, signatures, redacted thinking: no OpenAI form
  }

  @Override
  public Buffer error(String message) {
    JsonObject error = new JsonObject().put("message", message).put("type", "server_error").putNull("param")
      .putNull("code");
    return event(new JsonObject().put("error", error).encode());
  }

  private void begin(String upstreamId, Buffer out) {
    if (id == null) {
      id = OpenAiCanonicalResponses.completionId(upstreamId);
      write(new JsonObject().put("role", "assistant").put("content", ""), null, out);
    }
  }

  private void end(Buffer out) {
    write(new JsonObject(), OpenAiFinishReasons.fromCanonical(stop), out);
    if (includeUsage) {
      JsonObject chunk = head().put("choices", new JsonArray())
        .put("usage", OpenAiUsageJson.write(usage == null ? Usage.NONE : usage));
      out.appendBuffer(event(chunk.encode()));
    }
    out.appendBuffer(event("[DONE]"));
    ended = true;
  }

  private void write(JsonObject delta, String finishReason, Buffer out) {
    begin(null, out); // a stream that skipped MessageStart still opens with the role chunk
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).putNull("logprobs")
      .put("finish_reason", finishReason);
    JsonObject chunk = head().put("choices", new JsonArray().add(choice));
    if (includeUsage) {
      chunk.putNull("usage"); // as OpenAI does on every chunk but the last when include_usage is on
    }
    out.appendBuffer(event(chunk.encode()));
  }

  private JsonObject head() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
      .put("model", model).putNull("system_fingerprint");
  }

  private static JsonObject toolDelta(JsonObject call) {
    return new JsonObject().put("tool_calls", new JsonArray().add(call));
  }

  private static Buffer event(String data) {
    return Buffer.buffer("data: " + data + "\n\n");
  }
}
