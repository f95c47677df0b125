package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The key checker's settings: leases of a busy key's limits last a second unless told, at most ten, and at most a
 * quarter of a slot's ttl.
 */
class AuthSettingsTest {
  /** What the app hands every role: where its stores are. */
  private static JsonObject conf() {
    return new JsonObject().put("postgres", new JsonObject().put("url", "postgresql://localhost/sb"))
      .put("redis", new JsonObject().put("url", "redis://localhost"));
  }

  @Test
  void leasesLastASecondUnlessToldAndZeroTurnsThemOff() {
    assertEquals(1000, AuthSettings.from(conf()).admissionLeaseMs());
    assertEquals(0, AuthSettings.from(conf().put("admissionLeaseMs", 0)).admissionLeaseMs());
  }

  @Test
  void aLeaseTimeOutsideZeroToTenSecondsIsRefusedByName() {
    for (long bad : new long[] {-1, 10_001}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> AuthSettings.from(conf().put("admissionLeaseMs", bad)));
      assertEquals("auth.admissionLeaseMs must be from 0 to 10000", refused.getMessage());
    }
  }

  @Test
  void aLeaseLongerThanAQuarterOfTheSlotTtlIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
      () -> AuthSettings.from(conf().put("admissionLeaseMs", 1000).put("concurrencySlotTtlMs", 3999)));
    assertEquals("auth.admissionLeaseMs must be at most a quarter of auth.concurrencySlotTtlMs", refused.getMessage());
    assertEquals(1000, AuthSettings.from(conf().put("concurrencySlotTtlMs", 4000)).admissionLeaseMs());
    assertEquals(750, AuthSettings.from(conf().put("concurrencySlotTtlMs", 3000)).admissionLeaseMs(),
      "unless told, a quarter of a short slot ttl");
  }
}
