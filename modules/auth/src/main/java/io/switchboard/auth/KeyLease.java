package io.switchboard.auth;

import io.switchboard.api.Admission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A share of one key's rate window and concurrency that this auth instance took from Redis (see redis/admit.lua) and
 * admits that key's requests against by itself, without a round trip. Its slots go to its requests and come back at
 * their release, for as long as the lease lasts; its share of the window (requests, tokens) is topped up once a
 * quarter of it is left ({@link #low}, {@link #topUp}), so that a busy key's requests seldom find it out. When the
 * lease ends what it did not use goes back ({@link #handBack}); a release that reaches another instance frees its slot
 * in Redis instead, and this lease counts it as in use until it ends (never fewer requests in flight than there are).
 */
final class KeyLease {
  private final KeyLimits limits;
  /** When the lease ends, by this instance's clock (epoch ms). */
  private final long endsAt;
  private final ArrayDeque<String> freeSlots;
  private final Set<String> busySlots = new HashSet<>();
  long timer = -1;
  /** The share of the window: the end of the window it was taken in, by Redis's clock (what a hand-back names). */
  private long windowEnd;
  /** When that window ends, by this instance's clock (epoch ms). */
  private long resetAt;
  /** What Redis had left beside the share when it was taken: the remaining a client is told adds the share's. */
  private long othersRequests;
  private long othersTokens;
  private long requests;
  private long tokens;
  /** The last share's requests and tokens, and the last request's estimate: what a top-up is sized by. */
  private long sharedRequests;
  private long sharedTokens;
  private long estimate;
  /** Tokens its admissions counted in the share's window, less the credits of releases it took back. */
  private long counted;

  /**
   * What goes back to Redis: requests and tokens not used in the window that ends then, and free slots to remove; sent
   * again while {@code tries} last when its script run fails.
   */
  record HandBack(long keyId, long requests, long tokens, long windowEnd, List<String> slots, int tries) {
    HandBack(long keyId, long requests, long tokens, long windowEnd, List<String> slots) {
      this(keyId, requests, tokens, windowEnd, slots, 3);
    }
  }

  /** A share of the window, as the script grants it (see redis/admit.lua). */
  record Share(long requests, long tokens, long windowEnd, long resetMs, long othersRequests, long othersTokens) {
  }

  KeyLease(KeyLimits limits, Share share, List<String> slots, long leaseMs, long now) {
    this.limits = limits;
    this.freeSlots = new ArrayDeque<>(slots);
    this.endsAt = now + leaseMs;
    topUp(share, now);
  }

  long keyId() {
    return limits.keyId();
  }

  long endsAt() {
    return endsAt;
  }

  KeyLimits limits() {
    return limits;
  }

  /** The estimate of the last request it admitted. */
  long estimate() {
    return estimate;
  }

  /**
   * Whether it was taken under these limits: a key edited since (other limits, or a spend counter to read now) has a
   * lease of its own to take, or none.
   */
  boolean of(KeyLimits asked) {
    return asked.equals(limits);
  }

  private boolean slotted() {
    return limits.maxConcurrency() > 0;
  }

  boolean ended(long now) {
    return now >= endsAt;
  }

  /** Whether its share of the window can admit a request of this estimate. */
  boolean covers(long estimate, long now) {
    return now < resetAt && requests > 0 && (limits.tpm() == 0 || estimate <= tokens);
  }

  /**
   * This request admitted from the lease, or null when the lease cannot admit it: ended, its share does not
   * {@link #covers} it, or every slot is in use.
   */
  Admission admit(long estimate, long now) {
    long counting = limits.tpm() > 0 ? estimate : 0;
    if (ended(now) || !covers(counting, now) || slotted() && freeSlots.isEmpty()) {
      return null;
    }
    requests--;
    tokens -= counting;
    counted += counting;
    this.estimate = counting;
    String slot = null;
    if (slotted()) {
      slot = freeSlots.pop();
      busySlots.add(slot);
    }
    long reset = resetAt - now;
    return new Admission(true, null, 0, slot, counting, limits.rpm(), othersRequests + requests, reset, limits.tpm(),
      Math.max(othersTokens + tokens, 0), reset, false);
  }

  /**
   * Takes back a finished request's slot and corrects the share's tokens by what it really used; false when the slot
   * is not one of this lease's in use, or the release credits more tokens than the lease counted in its window (a
   * request of an earlier window, or another instance's): the release goes to Redis then, which never counts a window
   * below 0.
   */
  boolean release(String slot, long tokenCorrection) {
    if (slot != null && !busySlots.contains(slot) || tokenCorrection < -counted) {
      return false;
    }
    if (slot != null) {
      busySlots.remove(slot);
      freeSlots.push(slot);
    }
    tokens -= tokenCorrection; // below 0: requests used more than the share held, which Redis counts at the hand-back
    counted += tokenCorrection;
    return true;
  }

  /**
   * What is left of its share, handed back when it cannot cover a request: the request then goes to Redis with all of
   * the window's remainder to be admitted against (null: nothing to hand back), and a top-up. Its slots stay.
   */
  HandBack shareBack() {
    HandBack back = requests == 0 && tokens == 0 ? null
      : new HandBack(limits.keyId(), requests, tokens, windowEnd, List.of());
    requests = 0;
    tokens = 0;
    return back;
  }

  /** Whether a quarter or less of its share is left: time to ask for a top-up. */
  boolean low() {
    return requests * 4 <= sharedRequests || limits.tpm() > 0 && tokens * 4 <= sharedTokens;
  }

  /** More of the window: added to what is left of the share, or in its place once its window has ended. */
  void topUp(Share share, long now) {
    if (share.windowEnd() == windowEnd) {
      requests += share.requests();
      tokens += share.tokens();
    } else { // a new window: what requests used beyond the last share (tokens below 0) counts in it, as in Redis
      requests = share.requests();
      tokens = share.tokens() + Math.min(tokens, 0);
      windowEnd = share.windowEnd();
      counted = 0;
    }
    sharedRequests = share.requests();
    sharedTokens = share.tokens();
    resetAt = now + share.resetMs();
    othersRequests = share.othersRequests();
    othersTokens = share.othersTokens();
  }

  /** What goes back to Redis when the lease ends, or null when there is nothing to hand back. */
  HandBack handBack() {
    if (requests == 0 && tokens == 0 && freeSlots.isEmpty()) {
      return null;
    }
    return new HandBack(limits.keyId(), requests, tokens, windowEnd, new ArrayList<>(freeSlots));
  }
}
