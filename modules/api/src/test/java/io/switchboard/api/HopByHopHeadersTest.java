package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which headers stay with the connection they arrived on (RFC 9110 §7.6.1). */
class HopByHopHeadersTest {

  @Test
  void everyConnectionHeaderAndEveryTokenInItIsHopByHop() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("Connection", "keep-alive, X-First-Hop ,x-second-hop")
      .add("connection", "X-Third-Hop")
      .add("X-First-Hop", "1").add("X-Second-Hop", "2").add("X-Third-Hop", "3")
      .add("Keep-Alive", "timeout=5").add("Proxy-Connection", "keep-alive").add("Transfer-Encoding", "chunked")
      .add("TE", "trailers").add("Trailer", "x-checksum").add("Upgrade", "h2c")
      .add("Proxy-Authenticate", "Basic").add("Proxy-Authorization", "Basic eA==").add("Content-Length", "12")
      .add("Content-Type", "application/json").add("X-Kept", "a").add("x-kept", "b").add("X-Dropped-Here", "d");

    assertEquals(Map.of("content-type", "application/json", "x-kept", "a, b"),
      HopByHopHeaders.strip(headers, HopByHopHeaders.dropping(Set.of("x-dropped-here"))));
  }

  @Test
  void withoutConnectionOnlyTheFixedSetGoes() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Upgrade", "websocket").add("X-Request-Id", "r1");

    assertEquals(Map.of("x-request-id", "r1"), HopByHopHeaders.strip(headers, HopByHopHeaders.dropping(Set.of())));
  }
}
