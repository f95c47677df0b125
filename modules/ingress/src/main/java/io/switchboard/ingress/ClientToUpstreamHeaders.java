package io.switchboard.ingress;

import io.switchboard.api.HopByHopHeaders;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;

/**
 * The client's headers an upstream of the same dialect may receive: everything but credentials and what selects
 * whose account pays, cookies, hop-by-hop and framing headers ({@link HopByHopHeaders}), and what the adapter sets
 * itself. So provider features the gateway does not model ({@code anthropic-beta}, SDK telemetry, idempotency keys)
 * keep working.
 */
final class ClientToUpstreamHeaders {
  private static final HopByHopHeaders.Dropped KEPT_BACK = HopByHopHeaders.dropping(Set.of(
    "authorization", "x-api-key", "x-goog-api-key", "api-key",
    "cookie", "host", "content-type", "accept", "accept-encoding", "expect",
    "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip",
    // these pick whose account pays: they belong with the upstream credential, not the client
    "openai-organization", "openai-project", "x-goog-user-project",
    // the gateway is a hop of the trace: with tracing on, the upstream call carries the gateway's own span
    "traceparent", "tracestate"));

  private ClientToUpstreamHeaders() {
  }

  static Map<String, String> of(MultiMap headers) {
    return HopByHopHeaders.strip(headers, KEPT_BACK);
  }
}
