package io.switchboard.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The address a request came from, as the gateway checks and records it (IP allow-lists, lookups per address, usage
 * rows, sign-in failures): the connection's peer, or, when that peer is a trusted proxy (a load balancer in front of
 * the gateway), the address it says in {@code X-Forwarded-For}. The header's entries are read from the last (added by
 * the nearest proxy) towards the first: the first entry that is not itself a trusted proxy is the client. Entries
 * before it are whatever the client sent and are never believed. An entry that is not a literal address ends the
 * walk at the trusted proxy that added it, and so does the {@value #MAX_HOPS}th entry read. No entry is ever looked up
 * by name. With no trusted proxies (the default) the header is ignored.
 */
public final class ClientAddress {
  private static final String FORWARDED_FOR = "x-forwarded-for";
  /** Entries read at most, from the end: a header of thousands cannot make a request read them all. */
  static final int MAX_HOPS = 20;
  private final IpAllowList.Blocks trusted;

  private ClientAddress(IpAllowList.Blocks trusted) {
    this.trusted = trusted;
  }

  /**
   * Believes {@code X-Forwarded-For} from the peers a port's section lists under {@code trustedProxies} (addresses
   * or CIDR blocks; none when absent). {@code section} names the port's section in the message of a bad entry.
   */
  public static ClientAddress of(JsonObject config, String section) {
    String setting = section + ".trustedProxies";
    Object value = config.getValue("trustedProxies");
    if (value == null) {
      return new ClientAddress(IpAllowList.blocks(List.of()));
    }
    if (!(value instanceof JsonArray entries) || !entries.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException(setting + " must be a list of addresses or CIDR blocks");
    }
    try {
      return new ClientAddress(IpAllowList.blocks(entries.stream().map(String.class::cast).toList()));
    } catch (IllegalArgumentException badEntry) { // it names the entry and what is wrong with it
      throw new IllegalArgumentException(setting + ": " + badEntry.getMessage());
    }
  }

  /** Whether any peer is trusted: else {@link #of} is the peer's address, always. */
  public boolean trustsAny() {
    return !trusted.isEmpty();
  }

  /**
   * The client's address (null when Vert.x knows no peer address): the peer's as Vert.x gives it, or a forwarded
   * one in the form Java prints addresses ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:7}; an IPv4-mapped one as
   * IPv4), so that one client has one text however its balancer wrote it.
   */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String address = peer == null ? null : peer.hostAddress();
    if (trusted.isEmpty() || address == null) {
      return address;
    }
    byte[] peerIp = IpAllowList.bytesOf(withoutScope(address));
    if (peerIp == null || !trusted.contains(peerIp)) {
      return address;
    }
    List<String> headers = request.headers().getAll(FORWARDED_FOR);
    int hops = 0;
    for (int h = headers.size() - 1; h >= 0; h--) { // several headers read as one list, in their order
      String header = headers.get(h);
      int end = header.length();
      while (end >= 0) {
        if (++hops > MAX_HOPS) {
          return address;
        }
        int comma = header.lastIndexOf(',', end - 1);
        String hop = withoutPort(header.substring(comma + 1, end).trim());
        byte[] ip = IpAllowList.bytesOf(hop);
        if (ip == null) { // no address: the proxy that added it is as far as the header is believed
          return address;
        }
        address = IpAllowList.text(ip);
        if (!trusted.contains(ip)) {
          return address;
        }
        end = comma;
      }
    }
    return address; // every hop a trusted proxy: the farthest one
  }

  /** An entry without the port some proxies add: {@code 203.0.113.7:5678}, {@code [2001:db8::1]:5678}. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  /** A link-local peer's address without its interface ({@code fe80::1%eth0}), to be matched against the list. */
  private static String withoutScope(String address) {
    int percent = address.indexOf('%');
    return percent < 0 ? address : address.substring(0, percent);
  }
}
