package io.switchboard.providers.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's {@code anthropic-beta} flags less those an account lists in {@code options.dropBetas}: upstreams that
 * serve Anthropic's models but not every beta (Bedrock, Vertex) refuse a request naming one they lack. Flags not
 * listed pass as the client sent them.
 */
public final class AnthropicBetas {
  public static final String HEADER = "anthropic-beta";
  public static final String OPTION = "dropBetas";

  private AnthropicBetas() {
  }

  /** The header value without the dropped flags, or null when none is left (or there was none). */
  public static String kept(String header, JsonObject options) {
    if (header == null) {
      return null;
    }
    List<String> kept = kept(List.of(header.split(",")), options);
    return kept.isEmpty() ? null : String.join(",", kept);
  }

  /** The flags, trimmed, less the dropped ones. */
  public static List<String> kept(List<String> flags, JsonObject options) {
    JsonArray drop = options == null || !(options.getValue(OPTION) instanceof JsonArray d) ? new JsonArray() : d;
    List<String> kept = new ArrayList<>();
    for (String flag : flags) {
      String trimmed = flag.trim();
      if (!trimmed.isEmpty() && !drop.contains(trimmed)) {
        kept.add(trimmed);
      }
    }
    return kept;
  }
}
