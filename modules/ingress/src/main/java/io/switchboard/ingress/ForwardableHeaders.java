package io.switchboard.ingress;

import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The client's headers an upstream of the same dialect may receive: everything but credentials and what selects
 * whose account pays, cookies, hop-by-hop and framing headers, and what the adapter sets itself. So provider features the gateway does not
 * model ({@code anthropic-beta}, SDK telemetry, idempotency keys) keep working.
 */
final class ForwardableHeaders {
  private static final Set<String> KEPT_BACK = Set.of("authorization", "x-api-key", "x-goog-api-key", "api-key",
    "cookie", "host", "content-length", "content-type", "accept", "accept-encoding", "transfer-encoding",
    "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "proxy-authorization", "proxy-connection",
    "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip",
    // these pick whose account pays: they belong with the upstream credential, not the client
    "openai-organization", "openai-project", "x-goog-user-project");

  private ForwardableHeaders() {
  }

  static Map<String, String> of(MultiMap headers) {
    Map<String, String> kept = new HashMap<>();
    java.util.Set<String> hopByHop = new java.util.HashSet<>();
    for (String connection : headers.getAll("connection")) {
      for (String token : connection.split(",")) {
        hopByHop.add(token.trim().toLowerCase(Locale.ROOT)); // named in Connection: for this hop only
      }
    }
    headers.forEach(entry -> {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      if (!KEPT_BACK.contains(name) && !hopByHop.contains(name)) {
        kept.merge(name, entry.getValue(), (a, b) -> a + ", " + b);
      }
    });
    return kept;
  }
}
