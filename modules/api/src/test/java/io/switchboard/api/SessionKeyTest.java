package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionKeyTest {

  @Test
  void aLazyKeyIsWorkedOutOnceWhenFirstAskedForAndNeverIfNobodyAsks() {
    AtomicInteger hashed = new AtomicInteger();
    SessionKey key = SessionKey.lazy(() -> "k" + hashed.incrementAndGet());
    RoutePlanRequest request = new RoutePlanRequest("r", "m", List.of(), "default", key);
    assertEquals(0, hashed.get(), "building and passing the request hashes nothing");
    assertEquals("k1", request.sessionKey());
    assertEquals("k1", request.sessionKey());
    assertEquals(1, hashed.get(), "worked out once");
    assertNull(SessionKey.lazy(() -> null).value(), "a request naming no conversation");
    assertNull(SessionKey.of(null));
  }

  @Test
  void onAClusteredBusTheKeyTravelsAsItsValue() {
    SessionKey key = SessionKey.lazy(() -> "conv-7");
    JsonObject wire = new RoutePlanRequest("r", "m", List.of(), "default", key).toJson();
    assertEquals("conv-7", wire.getString("sessionKey"));
    assertEquals(new RoutePlanRequest("r", "m", List.of(), "default", "conv-7"), RoutePlanRequest.fromJson(wire));
  }
}
