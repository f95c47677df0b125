package io.switchboard.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The address a request came from, as the gateway checks and records it (IP allow-lists, lookups per address, usage
 * rows, sign-in failures): the connection's peer, or, when that peer is a trusted proxy (a load balancer in front of
 * the gateway), the address it says in {@code X-Forwarded-For}. The header's entries are read from the last (added by
 * the nearest proxy) towards the first: the first entry that is not itself a trusted proxy is the client. Entries
 * before it are whatever the client sent and are never believed. An entry that is not a literal address ends the
 * walk at the trusted proxy that added it. With no trusted proxies (the default) the header is ignored.
 */
public final class ClientAddress {
  private static final String FORWARDED_FOR = "x-forwarded-for";
  private final Predicate<String> trusted;
  private final boolean trustsNone;

  private ClientAddress(List<String> trustedProxies) {
    this.trusted = IpAllowList.matcher(trustedProxies);
    this.trustsNone = trustedProxies.isEmpty();
  }

  /**
   * Believes {@code X-Forwarded-For} from the peers a port's section lists under {@code trustedProxies} (addresses
   * or CIDR blocks; none when absent). {@code section} names the port's section in the message of a bad entry.
   */
  public static ClientAddress of(JsonObject config, String section) {
    String setting = section + ".trustedProxies";
    Object value = config.getValue("trustedProxies");
    if (value == null) {
      return new ClientAddress(List.of());
    }
    if (!(value instanceof JsonArray entries)) {
      throw new IllegalArgumentException(setting + " must be a list of addresses or CIDR blocks");
    }
    List<String> trusted = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof String text)) {
        throw new IllegalArgumentException(setting + " must be a list of addresses or CIDR blocks");
      }
      try {
        IpAllowList.validate(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting + ": " + e.getMessage());
      }
      trusted.add(text);
    }
    return new ClientAddress(trusted);
  }

  /** Whether any peer is trusted: else {@link #of} is the peer's address, always. */
  public boolean trustsAny() {
    return !trustsNone;
  }

  /** The client's address (null when Vert.x knows no peer address). */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String address = peer == null ? null : peer.hostAddress();
    if (trustsNone || !trusted.test(address)) {
      return address;
    }
    List<String> headers = request.headers().getAll(FORWARDED_FOR);
    for (int h = headers.size() - 1; h >= 0; h--) { // several headers read as one list, in their order
      String[] hops = headers.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = withoutPort(hops[i].trim());
        if (!IpAllowList.isLiteral(hop)) {
          return address;
        }
        address = hop;
        if (!trusted.test(hop)) {
          return hop;
        }
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
}
