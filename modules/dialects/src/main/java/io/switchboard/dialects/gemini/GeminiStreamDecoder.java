package io.switchboard.dialects.gemini;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockKind;
import io.switchboard.dialects.SseParser;
import io.switchboard.dialects.SseStreamDecoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * Reads {@code streamGenerateContent?alt=sse}: each event is a whole {@code GenerateContentResponse} holding the
 * new parts. Text and thought parts become deltas of an open block; a function call, which Gemini sends whole,
 * becomes a block with one arguments delta. Usage is cumulative: it is reported with the stop reason (and again
 * only if a later event changes it), or at the end of a stream that never gave a finish reason. Parts with no
 * stream event (inline images, executable code) are dropped.
 */
final class GeminiStreamDecoder extends SseStreamDecoder {
  private final GeminiPartReader ids = new GeminiPartReader();
  private boolean started;
  private boolean stopped;
  private boolean ended;
  private boolean calledTools;
  private int nextIndex;
  private int openIndex = -1;
  private BlockKind openKind;
  private Usage usage;
  private Usage usageSent;

  @Override
  protected void onEvent(SseParser.Event event, List<StreamEvent> out) {
    handle(event.data(), out);
  }

  @Override
  protected void onEnd(List<StreamEvent> out) {
    if (ended) {
      return;
    }
    ended = true;
    if (!started) {
      out.add(new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR, "Gemini ended the stream without a response"));
      return;
    }
    close(out);
    if (!stopped) {
      out.add(new StreamEvent.MessageDelta(calledTools ? StopReason.TOOL_USE : StopReason.END_TURN, null, usage));
    } else if (usage != null && !usage.equals(usageSent)) {
      out.add(new StreamEvent.MessageDelta(null, null, usage));
    }
    out.add(new StreamEvent.MessageStop());
  }

  private void handle(String data, List<StreamEvent> out) {
    if (ended || data.isBlank()) {
      return;
    }
    JsonObject chunk;
    try {
      chunk = new JsonObject(data);
    } catch (RuntimeException notAnObject) {
      fail(out, ErrorKind.UPSTREAM_ERROR, "Gemini sent a malformed stream event");
      return;
    }
    JsonObject error = GeminiErrors.errorOf(chunk);
    if (error != null) {
      fail(out, GeminiErrors.upstreamKind(error), error.getString("message"));
      return;
    }
    Usage chunkUsage = GeminiUsage.read(chunk.getValue("usageMetadata"));
    if (!started) {
      started = true;
      out.add(new StreamEvent.MessageStart(chunk.getValue("responseId") instanceof String id ? id : null,
        chunk.getValue("modelVersion") instanceof String m ? m : null, chunkUsage));
    }
    if (chunkUsage != null) {
      usage = chunkUsage;
    }
    JsonArray candidates = chunk.getValue("candidates") instanceof JsonArray c ? c : new JsonArray();
    JsonObject candidate = !candidates.isEmpty() && candidates.getValue(0) instanceof JsonObject first ? first : null;
    if (candidate != null && candidate.getValue("content") instanceof JsonObject content
      && content.getValue("parts") instanceof JsonArray parts) {
      parts.forEach(part -> {
        if (part instanceof JsonObject p) {
          part(p, out);
        }
      });
    }
    String finish = candidate != null && candidate.getValue("finishReason") instanceof String f ? f : null;
    String blocked = candidate == null && chunk.getValue("promptFeedback") instanceof JsonObject feedback
      && feedback.getValue("blockReason") instanceof String reason ? reason : null;
    if (finish != null || blocked != null) {
      close(out);
      StopReason stop = blocked != null ? StopReason.CONTENT_FILTER : GeminiFinishReasons.read(finish, calledTools);
      out.add(new StreamEvent.MessageDelta(stop, blocked != null ? blocked : GeminiFinishReasons.detail(finish),
        usage));
      stopped = true;
      usageSent = usage;
    } else if (stopped && usage != null && !Objects.equals(usage, usageSent)) {
      out.add(new StreamEvent.MessageDelta(null, null, usage)); // the last usage wins
      usageSent = usage;
    }
  }

  private void part(JsonObject part, List<StreamEvent> out) {
    if (part.getValue("text") instanceof String text) {
      if (Boolean.TRUE.equals(part.getValue("thought"))) {
        String signature = part.getValue("thoughtSignature") instanceof String s ? s : null;
        if (!text.isEmpty() || signature != null) {
          int index = open(BlockKind.THINKING, out);
          if (!text.isEmpty()) {
            out.add(new StreamEvent.ThinkingDelta(index, text));
          }
          if (signature != null) {
            out.add(new StreamEvent.SignatureDelta(index, signature));
          }
        }
      } else if (!text.isEmpty()) {
        out.add(new StreamEvent.TextDelta(open(BlockKind.TEXT, out), text));
      }
    } else if (part.getValue("functionCall") instanceof JsonObject call
      && call.getValue("name") instanceof String name) {
      close(out);
      int index = nextIndex++;
      String id = call.getValue("id") instanceof String given ? given : ids.newId();
      JsonObject args = call.getValue("args") instanceof JsonObject a ? a : new JsonObject();
      out.add(StreamEvent.BlockStart.toolCall(index, id, name));
      out.add(new StreamEvent.ToolArgsDelta(index, args.encode()));
      out.add(new StreamEvent.BlockStop(index));
      calledTools = true;
    }
  }

  /** The index of the open block of this kind, opening one (and closing another kind) as needed. */
  private int open(BlockKind kind, List<StreamEvent> out) {
    if (openKind == kind) {
      return openIndex;
    }
    close(out);
    openIndex = nextIndex++;
    openKind = kind;
    out.add(new StreamEvent.BlockStart(openIndex, kind, null, null, null));
    return openIndex;
  }

  private void close(List<StreamEvent> out) {
    if (openKind != null) {
      out.add(new StreamEvent.BlockStop(openIndex));
      openKind = null;
      openIndex = -1;
    }
  }

  private void fail(List<StreamEvent> out, ErrorKind kind, String message) {
    if (usage != null && !usage.equals(usageSent)) {
      out.add(new StreamEvent.MessageDelta(null, null, usage)); // the usage so far is still recorded
    }
    out.add(new StreamEvent.Failure(kind, message));
    ended = true;
  }
}
