package io.switchboard.providers.core;

import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which upstream response headers reach the client: hop-by-hop, framing and account-identifying ones do not. */
public final class ForwardedHeaders {
  private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
    "content-length", "set-cookie", "date", "server", "alt-svc", "openai-organization", "openai-project",
    "via", "cf-ray", "cf-cache-status");

  private ForwardedHeaders() {
  }

  public static Map<String, String> of(MultiMap upstream) {
    Map<String, String> kept = new HashMap<>();
    Set<String> listedInConnection = new java.util.HashSet<>();
    String connection = upstream.get("connection");
    if (connection != null) {
      for (String token : connection.split(",")) {
        listedInConnection.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    upstream.forEach(entry -> {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      if (!DROPPED.contains(name) && !listedInConnection.contains(name)) {
        kept.merge(name, entry.getValue(), (a, b) -> a + ", " + b);
      }
    });
    return kept;
  }
}
