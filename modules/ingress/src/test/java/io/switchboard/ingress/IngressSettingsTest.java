package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Bounds that follow the heap by default (connections, calls in flight); a value set is kept, a negative refused. */
class IngressSettingsTest {
  private static final long HEAP = Runtime.getRuntime().maxMemory();

  @Test
  void connectionsAndCallsFollowTheHeapByDefault() {
    IngressSettings settings = IngressSettings.from(new JsonObject());
    assertEquals(Math.min(HEAP / (32 * 1024), 10_000), settings.limits().maxConnections());
    assertEquals(HEAP / (96 * 1024), settings.maxCallsInFlight());
    IngressSettings zero = IngressSettings.from(http(new JsonObject().put("maxConnections", 0)
      .put("maxCallsInFlight", 0)));
    assertEquals(settings.limits().maxConnections(), zero.limits().maxConnections());
    assertEquals(settings.maxCallsInFlight(), zero.maxCallsInFlight());
  }

  @Test
  void theDefaultConnectionBoundIsOnePer32KibOfHeapAndTenThousandAtMost() {
    assertEquals(3_466, connections(0, 113_573_888L), "-Xmx112m's maxMemory");
    assertEquals(10_000, connections(0, 4L << 30));
    assertEquals(40_000, connections(40_000, 113_573_888L), "a value set is kept");
  }

  @Test
  void aValueSetIsKept() {
    IngressSettings settings = IngressSettings.from(http(new JsonObject().put("maxConnections", 20_000)
      .put("maxCallsInFlight", 7).put("heldBodyBytes", 5L << 30)));
    assertEquals(20_000, settings.limits().maxConnections());
    assertEquals(7, settings.maxCallsInFlight());
    assertEquals(5L << 30, settings.heldBodyBytes());
  }

  @Test
  void aNegativeBoundIsRefusedByName() {
    for (String key : new String[] {"maxConnections", "maxCallsInFlight", "heldBodyBytes"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> IngressSettings.from(http(new JsonObject().put(key, -1))));
      assertTrue(refused.getMessage().startsWith("http." + key + " must not be negative (0: "),
        refused.getMessage());
    }
  }

  private static int connections(long configured, long heapBytes) {
    return IngressSettings.perHeap(configured, heapBytes, IngressSettings.HEAP_PER_CONNECTION,
      IngressSettings.MAX_DEFAULT_CONNECTIONS);
  }

  private static JsonObject http(JsonObject http) {
    return new JsonObject().put("http", http);
  }
}
