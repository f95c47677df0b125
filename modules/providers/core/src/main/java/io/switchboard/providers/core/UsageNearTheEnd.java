package io.switchboard.providers.core;

import io.vertx.core.json.JsonObject;

/**
 * The {@code usage} (or Gemini's {@code usageMetadata}) object in the last part of a JSON answer too large to keep
 * whole: OpenAI's answers put it after their data (base64 images, long embeddings), so the tail holds it.
 */
final class UsageNearTheEnd {
  private UsageNearTheEnd() {
  }

  /** {"usage": {...}} as found in {@code tail}, or null. */
  static JsonObject find(String tail) {
    for (String key : new String[] {"\"usage\"", "\"usageMetadata\""}) {
      int at = tail.lastIndexOf(key);
      if (at < 0) {
        continue;
      }
      int open = tail.indexOf('{', at + key.length());
      if (open < 0 || !tail.substring(at + key.length(), open).trim().equals(":")) {
        continue;
      }
      int close = matchingBrace(tail, open);
      if (close > 0) {
        try {
          return new JsonObject().put(key.substring(1, key.length() - 1),
            new JsonObject(tail.substring(open, close + 1)));
        } catch (RuntimeException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  /** The index of the brace closing the one at {@code open}, strings skipped; -1 when it is not there. */
  private static int matchingBrace(String text, int open) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
