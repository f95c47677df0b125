package io.switchboard.ingress;

import io.switchboard.api.ApiKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * Client keys the auth role found good moments ago, each from the address it came from: a request with one has its
 * body read without asking the auth role first. That is all it decides. Every such request is still admitted by the
 * auth role once its body is read, which refuses a key disabled, expired or revoked meanwhile with the error the
 * first check would have given (only a body the gateway cannot read, or one too large, is then answered as such
 * first, for at most {@code ttlMs} after the change). A key the auth role refused is never held, so it is refused
 * before its body is read, as before. Held as the SHA-256 of key and address, at most 10,000 (then started over).
 * One per ingress instance: its event loop alone uses it.
 */
final class RecentKeys {
  private static final int MAX = 10_000;
  private final long ttlNanos;
  private final Map<String, Long> goodUntil = new HashMap<>();

  RecentKeys(long ttlMs) {
    this.ttlNanos = ttlMs * 1_000_000;
  }

  /** The id under which a key from an address is held (null for no key); an address holds no {@code |}. */
  static String id(String apiKey, String address) {
    return apiKey == null ? null : ApiKeys.sha256Hex(address + "|" + apiKey);
  }

  /** True when the auth role found this key good from this address less than {@code ttlMs} ago. */
  boolean good(String id) {
    if (id == null || ttlNanos == 0) {
      return false;
    }
    Long until = goodUntil.get(id);
    return until != null && until - System.nanoTime() > 0;
  }

  /** The auth role has just found this key good from this address. */
  void found(String id) {
    if (id == null || ttlNanos == 0) {
      return;
    }
    if (goodUntil.size() >= MAX) {
      goodUntil.clear();
    }
    goodUntil.put(id, System.nanoTime() + ttlNanos);
  }
}
