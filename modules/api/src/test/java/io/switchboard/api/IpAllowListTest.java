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
    assertTrue(IpAllowList.allows(List.of("192.168.1.7", "not-an-entry"), "192.168.1.7"),
      "entries are read as far as the first match, as ever");
  }

  @Test
  void prefixesOffAByteBoundary() {
    List<String> list = List.of("172.16.0.0/12", "2001:db8::80/121");
    assertTrue(IpAllowList.allows(list, "172.31.255.255"));
    assertFalse(IpAllowList.allows(list, "172.32.0.0"));
    assertFalse(IpAllowList.allows(list, "172.15.255.255"));
    assertTrue(IpAllowList.allows(list, "2001:db8::ff"));
    assertFalse(IpAllowList.allows(list, "2001:db8::7f"));
    IpAllowList.Blocks blocks = IpAllowList.blocks(list);
    assertTrue(blocks.contains(IpAllowList.bytesOf("172.20.1.1")));
    assertFalse(blocks.contains(IpAllowList.bytesOf("2001:db8::100")));
  }

  @Test
  void badEntriesAreRefusedWithoutAnyLookup() {
    // ".::" and ".a:b" are made of an IPv6 literal's characters, but InetAddress would look them up by name
    for (String bad : List.of("10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.0/x", "2001:db8::/129", "", ".::",
        "[.::]", ".a:b:c", "fe80::1%eth0")) {
      assertThrows(IllegalArgumentException.class, () -> IpAllowList.validate(bad), bad);
      assertNull(IpAllowList.bytesOf(bad), bad);
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
