package io.switchboard.dialects.openai;

/**
 * Tells when a tool call's streamed argument fragments have formed a whole JSON object, by tracking brace depth
 * outside strings, so the stream decoder can close that call's block as soon as the next one starts.
 */
final class OpenAiToolArgumentsScanner {
  private int depth;
  private boolean opened;
  private boolean inString;
  private boolean escaped;

  void feed(String fragment) {
    for (int i = 0; i < fragment.length(); i++) {
      char c = fragment.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
        opened = true;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  /** True once the object has opened and closed again. */
  boolean complete() {
    return opened && depth <= 0 && !inString;
  }
}
