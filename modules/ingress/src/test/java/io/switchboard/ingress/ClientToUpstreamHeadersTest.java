package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which client headers may reach an upstream of the client's own dialect. */
class ClientToUpstreamHeadersTest {

  @Test
  void credentialsBillingSelectorsFramingAndTheClientsTraceContextStayBehind() {
    MultiMap client = MultiMap.caseInsensitiveMultiMap()
      .add("Authorization", "Bearer sb-client-key").add("x-api-key", "sb-client-key").add("x-goog-api-key", "k")
      .add("Cookie", "session=1").add("Host", "gateway").add("Content-Length", "10")
      .add("Connection", "keep-alive, X-Hop-Only").add("X-Hop-Only", "for this hop")
      .add("OpenAI-Organization", "org-other").add("OpenAI-Project", "proj_other").add("x-goog-user-project", "p")
      .add("X-Forwarded-For", "10.0.0.1")
      .add("anthropic-beta", "a").add("anthropic-beta", "b").add("anthropic-version", "2023-06-01")
      .add("x-stainless-lang", "js").add("Idempotency-Key", "abc")
      .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").add("tracestate", "k=v");

    assertEquals(Map.of("anthropic-beta", "a, b", "anthropic-version", "2023-06-01", "x-stainless-lang", "js",
      "idempotency-key", "abc"), ClientToUpstreamHeaders.of(client));
  }
}
