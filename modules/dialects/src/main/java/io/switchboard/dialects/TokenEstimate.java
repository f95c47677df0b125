package io.switchboard.dialects;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.Tool;

/**
 * Counts tokens locally (o200k_base) when no upstream reported them: a request's input, an answer's output. An
 * estimate, since each provider tokenizes its own way, with a few tokens per message for the framing every format
 * adds.
 */
public final class TokenEstimate {
  private static final O200kTokenizer O200K = O200kTokenizer.load();
  private static final int PER_MESSAGE = 4;

  private TokenEstimate() {
  }

  /**
   * Loads the tokenizer now: the first use builds o200k's tables (about 0.1 s of CPU, some 4 MiB that stay), which no
   * request should wait for on an event loop.
   */
  public static void load() {
    // class initialisation does the work
  }

  public static int inputTokens(CanonicalRequest request) {
    int tokens = 0;
    for (Part part : request.system()) {
      tokens += part(part);
    }
    for (Message message : request.messages()) {
      tokens += PER_MESSAGE;
      for (Part part : message.parts()) {
        tokens += part(part);
      }
    }
    for (Tool tool : request.tools()) {
      tokens += count(tool.name()) + count(tool.description())
        + (tool.parameters() == null ? 0 : count(tool.parameters().encode()));
    }
    return tokens;
  }

  /** Tokens of generated content (text, thinking, tool calls), as an answer's output. */
  public static long outputTokens(java.util.List<Part> content) {
    long tokens = 0;
    for (Part part : content) {
      tokens += part(part);
    }
    return tokens;
  }

  public static int text(String text) {
    return count(text);
  }

  private static int part(Part part) {
    if (part instanceof Part.Text text) {
      return count(text.text());
    }
    if (part instanceof Part.ToolCall call) {
      return count(call.name()) + count(call.arguments());
    }
    if (part instanceof Part.ToolResult result) {
      return result.content().stream().mapToInt(TokenEstimate::part).sum();
    }
    if (part instanceof Part.Thinking thinking) {
      return count(thinking.text());
    }
    if (part instanceof Part.Image) {
      return 1_600; // a typical image's cost; providers size them by pixels
    }
    return 0;
  }

  private static int count(String text) {
    return text == null || text.isEmpty() ? 0 : O200K.count(text);
  }
}
