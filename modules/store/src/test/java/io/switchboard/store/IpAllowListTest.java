package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
