package io.switchboard.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** A key's IP allow-list: CIDR blocks (IPv4 or IPv6) or single addresses; an empty list allows every address. */
public final class IpAllowList {
  /** Compiled once: the anomaly watch reads every request's address through {@link #prefixOf}. */
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpAllowList() {
  }

  /** Throws IllegalArgumentException naming what is wrong with one entry. Literal addresses only (no DNS). */
  public static void validate(String entry) {
    parse(entry);
  }

  public static boolean allows(List<String> entries, String address) {
    if (entries.isEmpty()) {
      return true;
    }
    byte[] ip = bytesOf(address);
    if (ip == null) {
      return false;
    }
    for (String entry : entries) { // each read as it is reached: an entry after a match is never looked at
      if (parse(entry).contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code entries} parsed once, to test many addresses against (a list read on every request); throws as
   * {@link #validate} does.
   */
  public static Blocks blocks(List<String> entries) {
    return new Blocks(entries.stream().map(IpAllowList::parse).toList());
  }

  /** CIDR blocks parsed once. */
  public static final class Blocks {
    private final List<Block> blocks;

    private Blocks(List<Block> blocks) {
      this.blocks = blocks;
    }

    public boolean isEmpty() {
      return blocks.isEmpty();
    }

    /** Whether the address ({@link #bytesOf}) lies in one of the blocks. */
    public boolean contains(byte[] ip) {
      for (Block block : blocks) {
        if (block.contains(ip)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A literal IPv4 or IPv6 address's bytes (an IPv4-mapped IPv6 address as its four), read without any name lookup;
   * null for null or any other text.
   */
  public static byte[] bytesOf(String text) {
    if (text == null) {
      return null;
    }
    try {
      return literal(text);
    } catch (IllegalArgumentException notAnAddress) {
      return null;
    }
  }

  /** The usual text of an address's bytes ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:7}), as a peer's is. */
  public static String text(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip).getHostAddress();
    } catch (UnknownHostException impossible) { // only for a length other than 4 or 16
      throw new IllegalArgumentException("not an address: " + ip.length + " bytes");
    }
  }

  private record Block(byte[] address, int bits) {
    boolean contains(byte[] ip) {
      return address.length == ip.length && samePrefix(ip, address, bits);
    }
  }

  private static Block parse(String entry) {
    String[] parts = entry.trim().split("/", 2);
    byte[] address = literal(parts[0]);
    int bits = address.length * 8;
    if (parts.length == 2) {
      try {
        bits = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + entry + "' has a bad prefix length");
      }
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException("'" + entry + "' has a bad prefix length");
      }
    }
    return new Block(address, bits);
  }

  /**
   * The network a literal address belongs to, as CIDR ({@code 203.0.113.0/24}): its first {@code v4Bits} or
   * {@code v6Bits} bits; null when the text is not a literal address.
   */
  public static String prefixOf(String address, int v4Bits, int v6Bits) {
    byte[] bytes = bytesOf(address);
    if (bytes == null) {
      return null;
    }
    int bits = bytes.length == 4 ? v4Bits : v6Bits;
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    return text(bytes) + "/" + bits;
  }

  private static byte[] literal(String text) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (IPV4.matcher(t).matches()) {
      byte[] v4 = new byte[4];
      String[] octets = t.split("\\.");
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(octets[i]);
        if (octet > 255) {
          throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        v4[i] = (byte) octet;
      }
      return v4;
    }
    // InetAddress reads text as a literal, and never looks it up by name, only when it starts with a hex digit or a colon
    // (and, with a colon in it, fails rather than look it up); ".::" would go to the name service
    if (!t.contains(":") || !IPV6_CHARACTERS.matcher(t).matches() || Character.digit(t.charAt(0), 16) < 0
        && t.charAt(0) != ':') {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
    }
    try {
      byte[] bytes = InetAddress.getByName(t).getAddress();
      if (bytes.length == 16 && isMappedV4(bytes)) {
        return java.util.Arrays.copyOfRange(bytes, 12, 16);
      }
      return bytes;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
    }
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** Whether the first {@code bits} bits of two addresses of one family are the same. */
  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    int whole = bits / 8;
    for (int i = 0; i < whole; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (a[whole] & mask) == (b[whole] & mask);
  }
}
