package io.switchboard.ingress;

import io.switchboard.api.Principal;
import java.util.HashMap;
import java.util.Map;

/**
 * Client keys the auth role found good moments ago, each from the address it came from: a request with one has its
 * body read without asking the auth role first. That is all it decides. Every such request is still admitted by the
 * auth role once its body is read, which refuses a key disabled, expired or revoked meanwhile with the error the
 * first check would have given (only a body the gateway cannot read, or one too large, is then answered as such
 * first). A key the auth role refused is never held, one refused at its admission is let go, and every key is let go
 * when keys or users change ({@code sb.config.changed}). Held by the key's SHA-256 and the address, with the key's
 * principal for the request's log lines, for {@code ttlMs}, at most 10,000 (then started over). One per ingress
 * instance: its event loop alone uses it.
 */
final class RecentKeys {
  private static final int MAX = 10_000;
  private final long ttlNanos;
  private final Map<String, Known> known = new HashMap<>();

  private record Known(Principal principal, long untilNanos) {
  }

  RecentKeys(long ttlMs) {
    this.ttlNanos = ttlMs * 1_000_000;
  }

  /** The id under which a key (its SHA-256) from an address is held (null for no key). */
  static String id(String keyHash, String address) {
    return keyHash == null ? null : keyHash + "|" + address;
  }

  /** The key's principal when the auth role found it good from this address less than {@code ttlMs} ago, or null. */
  Principal good(String id) {
    if (id == null || ttlNanos == 0) {
      return null;
    }
    Known entry = known.get(id);
    return entry != null && entry.untilNanos() - System.nanoTime() > 0 ? entry.principal() : null;
  }

  /** The auth role has just found this key good from this address. */
  void found(String id, Principal principal) {
    if (id == null || ttlNanos == 0) {
      return;
    }
    if (known.size() >= MAX) {
      known.clear();
    }
    known.put(id, new Known(principal, System.nanoTime() + ttlNanos));
  }

  /** The key was refused at its admission: it is checked before its body again. */
  void forget(String id) {
    if (id != null) {
      known.remove(id);
    }
  }

  /** Keys or users changed: every key is checked before its body again. */
  void clear() {
    known.clear();
  }
}
