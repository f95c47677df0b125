package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key found good is remembered for a moment, from its address only, never as itself, and let go when refused. */
class RecentKeysTest {
  private static final Principal ANN = new Principal(7, "ann's key", List.of("*"));

  @Test
  void aKeyFoundGoodIsRememberedFromItsAddressOnly() {
    RecentKeys keys = new RecentKeys(60_000);
    String here = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    String elsewhere = RecentKeys.id("sb-key-0123456789", "10.0.0.2");
    assertNull(keys.good(here), "not before the auth role said so");
    keys.found(here, ANN);
    assertEquals(ANN, keys.good(here), "with its principal, for the request's log lines");
    assertNull(keys.good(elsewhere), "an address allow-list may refuse it there");
    assertNull(keys.good(RecentKeys.id("sb-key-0123456788", "10.0.0.1")));
  }

  @Test
  void aKeyRefusedAtItsAdmissionOrAChangeOfKeysLetsItGo() {
    RecentKeys keys = new RecentKeys(60_000);
    String ann = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    String bob = RecentKeys.id("sb-key-9876543210", "10.0.0.1");
    keys.found(ann, ANN);
    keys.found(bob, ANN);
    keys.forget(ann);
    assertNull(keys.good(ann));
    assertEquals(ANN, keys.good(bob));
    keys.clear();
    assertNull(keys.good(bob));
  }

  @Test
  void itIsForgottenAfterItsTimeAndNothingIsRememberedWithoutAKeyOrATime() throws Exception {
    RecentKeys brief = new RecentKeys(1);
    String id = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    brief.found(id, ANN);
    Thread.sleep(5);
    assertNull(brief.good(id), "past its time the auth role is asked again");

    assertNull(RecentKeys.id(null, "10.0.0.1"));
    assertNull(brief.good(null));
    RecentKeys off = new RecentKeys(0);
    off.found(id, ANN);
    assertNull(off.good(id));
  }

  @Test
  void theKeyItselfIsNotHeld() {
    String id = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    assertFalse(id.contains("sb-key"), id);
    assertNotEquals(RecentKeys.id("1sb-key-0123456789", "10.0.0.1"), RecentKeys.id("sb-key-0123456789", "10.0.0.11"),
      "key and address cannot run into each other");
  }
}
