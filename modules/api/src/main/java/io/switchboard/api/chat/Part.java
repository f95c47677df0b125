package io.switchboard.api.chat;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One piece of a message's content. */
public sealed interface Part {

  /** Plain text; {@code cacheControl} is Anthropic's prompt-cache marker (null when absent). */
  record Text(String text, JsonObject cacheControl) implements Part {
    public static Text of(String text) {
      return new Text(text, null);
    }
  }

  /** An image, either by URL or inline: {@code url} is set, or {@code mediaType} and base64 {@code data} are. */
  record Image(String url, String mediaType, String data, String detail) implements Part {
    public boolean inline() {
      return data != null;
    }
  }

  /** A call the model made: {@code arguments} is the JSON object text exactly as generated. */
  record ToolCall(String id, String name, String arguments) implements Part {
  }

  /** The answer to a tool call, sent back by the client. */
  record ToolResult(String toolCallId, String toolName, List<Part> content, boolean isError) implements Part {
  }

  /** Visible reasoning; {@code signature} must travel back unchanged to Anthropic (null when absent). */
  record Thinking(String text, String signature) implements Part {
  }

  /** Reasoning the provider encrypted: only the same provider can read {@code data} back. */
  record RedactedThinking(String data) implements Part {
  }
}
