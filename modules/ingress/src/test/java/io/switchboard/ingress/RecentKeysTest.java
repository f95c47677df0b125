package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key found good is remembered for a moment, from its address only, and let go when refused. */
class RecentKeysTest {
  private static final Principal ANN = new Principal(7, "ann's key", List.of("*"));

  @Test
  void aKeyFoundGoodIsRememberedFromItsAddressOnly() {
    RecentKeys keys = new RecentKeys(60_000);
    String here = id("sb-key-0123456789", "10.0.0.1");
    String elsewhere = id("sb-key-0123456789", "10.0.0.2");
    assertNull(keys.good(here), "not before the auth role said so");
    keys.found(here, ANN);
    assertEquals(ANN, keys.good(here), "with its principal, for the request's log lines");
    assertNull(keys.good(elsewhere), "an address allow-list may refuse it there");
    assertNull(keys.good(id("sb-key-0123456788", "10.0.0.1")));
  }

  @Test
  void aKeyRefusedAtItsAdmissionOrAChangeOfKeysLetsItGo() {
    RecentKeys keys = new RecentKeys(60_000);
    String ann = id("sb-key-0123456789", "10.0.0.1");
    String bob = id("sb-key-9876543210", "10.0.0.1");
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
    String id = id("sb-key-0123456789", "10.0.0.1");
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
  void keyAndAddressCannotRunIntoEachOther() {
    assertNotEquals(RecentKeys.id("ab", "10.0.0.1"), RecentKeys.id("a", "b10.0.0.1"));
  }

  /** The id of a key from an address, held by the key's hash as the ingress works it out. */
  private static String id(String key, String address) {
    return RecentKeys.id(ApiKeys.sha256Hex(key), address);
  }
}
