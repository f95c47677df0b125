package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpAllowListTest {

  @Test
  void cidrBlocksAndAddressesOfBothFamilies() {
    List<String> list = List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32");
    assertTrue(IpAllowList.allows(list, "10.200.3.4"));
    assertTrue(IpAllowList.allows(list, "192.168.1.7"));
    assertFalse(IpAllowList.allows(list, "192.168.1.8"));
    assertFalse(IpAllowList.allows(list, "11.0.0.1"));
    assertTrue(IpAllowList.allows(list, "2001:db8:ffff::1"));
    assertFalse(IpAllowList.allows(list, "2001:db9::1"));
    assertTrue(IpAllowList.allows(list, "::ffff:10.1.2.3"), "an IPv4-mapped address is its IPv4 address");
    assertFalse(IpAllowList.allows(list, null), "no address, no entry");
    assertFalse(IpAllowList.allows(list, "not-an-address"));
    assertTrue(IpAllowList.allows(List.of(), "203.0.113.9"), "empty allows all");
    assertTrue(IpAllowList.allows(List.of("0.0.0.0/0"), "203.0.113.9"));
  }

  @Test
  void badEntriesAreRefusedWithoutAnyLookup() {
    for (String bad : List.of("10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.0/x", "2001:db8::/129", "")) {
      assertThrows(IllegalArgumentException.class, () -> IpAllowList.validate(bad), bad);
    }
  }

  @Test
  void anAddressBelongsToItsNetwork() {
    assertEquals("203.0.113.0/24", IpAllowList.prefixOf("203.0.113.77", 24, 48));
    assertEquals("127.0.0.2/32", IpAllowList.prefixOf("127.0.0.2", 32, 48));
    assertEquals("10.1.2.0/24", IpAllowList.prefixOf("::ffff:10.1.2.3", 24, 48), "a mapped address is IPv4");
    assertEquals("2001:db8:1:0:0:0:0:0/48", IpAllowList.prefixOf("2001:db8:1:ff::9", 24, 48));
    assertNull(IpAllowList.prefixOf("example.com", 24, 48), "never looked up");
    assertNull(IpAllowList.prefixOf(null, 24, 48));
  }
}
