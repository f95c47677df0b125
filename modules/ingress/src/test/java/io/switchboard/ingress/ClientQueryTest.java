package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client's key and the stream framing stay with the gateway however the client spells their names. */
class ClientQueryTest {
  private static final Set<String> KEY_AND_ALT = Set.of("key", "alt");

  @Test
  void theKeyLeavesInEverySpellingThatAuthenticates() {
    for (String key : new String[] {"key", "KEY", "Key", "k%65y", "%6B%65%79", "ke%79"}) {
      assertEquals("pageSize=5", ClientQuery.without(key + "=sb-secret&pageSize=5", KEY_AND_ALT), key);
    }
    assertEquals("a=1&b=2", ClientQuery.without("%61lt=json&a=1&&b=2&key", KEY_AND_ALT));
    assertEquals("b=2", ClientQuery.without("a=1;key=sb-secret&b=2", KEY_AND_ALT), "Vert.x reads ';' as '&'");
  }

  @Test
  void everythingElseGoesOnAsWrittenAndInOrder() {
    assertEquals("z=%2F&keys=1&a+b=c&x=1;y=2", ClientQuery.without("z=%2F&keys=1&a+b=c&x=1;y=2", KEY_AND_ALT));
    assertNull(ClientQuery.without("key=sb-secret", KEY_AND_ALT));
    assertNull(ClientQuery.without("", KEY_AND_ALT));
    assertNull(ClientQuery.without(null, KEY_AND_ALT));
  }

  @Test
  void aNameThatDoesNotDecodeIsDropped() {
    assertEquals("b=2", ClientQuery.without("%zz=1&b=2&k%6=3", KEY_AND_ALT));
  }
}
