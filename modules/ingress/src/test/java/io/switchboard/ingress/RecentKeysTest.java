package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A key found good is remembered for a moment, from its address only, and never as itself. */
class RecentKeysTest {

  @Test
  void aKeyFoundGoodIsRememberedFromItsAddressOnly() {
    RecentKeys keys = new RecentKeys(60_000);
    String here = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    String elsewhere = RecentKeys.id("sb-key-0123456789", "10.0.0.2");
    assertFalse(keys.good(here), "not before the auth role said so");
    keys.found(here);
    assertTrue(keys.good(here));
    assertFalse(keys.good(elsewhere), "an address allow-list may refuse it there");
    assertFalse(keys.good(RecentKeys.id("sb-key-0123456788", "10.0.0.1")));
  }

  @Test
  void itIsForgottenAfterItsTimeAndNothingIsRememberedWithoutAKeyOrATime() throws Exception {
    RecentKeys brief = new RecentKeys(1);
    String id = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    brief.found(id);
    Thread.sleep(5);
    assertFalse(brief.good(id), "past its time the auth role is asked again");

    assertNull(RecentKeys.id(null, "10.0.0.1"));
    assertFalse(brief.good(null));
    RecentKeys off = new RecentKeys(0);
    off.found(id);
    assertFalse(off.good(id));
  }

  @Test
  void theKeyItselfIsNotHeld() {
    String id = RecentKeys.id("sb-key-0123456789", "10.0.0.1");
    assertFalse(id.contains("sb-key"), id);
    assertNotEquals(RecentKeys.id("1sb-key-0123456789", "10.0.0.1"), RecentKeys.id("sb-key-0123456789", "10.0.0.11"),
      "key and address cannot run into each other");
  }
}
