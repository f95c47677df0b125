package io.switchboard.auth;

import io.switchboard.api.Admission;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leases one auth instance holds, one per key at most ({@link KeyLease}), and what is to go to Redis about them:
 * leases to ask for or top up, and what ended leases hand back. {@link KeyAdmission} puts these in its script runs;
 * {@code wantRun} asks it for one. All on the auth role's context.
 */
final class KeyLeases {
  /**
   * How long a lease lasts at most unless configured: a share one instance holds is refused to the others until it is
   * handed back.
   */
  static final long LEASE_MS = 1000;
  /** Most requests one share of a lease takes (and its tokens: as many requests' estimates). */
  static final int SHARE_REQUESTS = 1024;
  /** Most slots one lease takes: requests in flight on one instance at once, more than most keys have. */
  static final int LEASE_SLOTS = 128;
  private final Context context;
  private final long leaseMs;
  private final String owner;
  private final Runnable wantRun;
  private final Map<Long, KeyLease> held = new HashMap<>();
  /** Keys a lease or a top-up was asked for in a run not yet answered: no second one is asked for meanwhile. */
  private final Set<Long> asking = new HashSet<>();
  /** Leases running low, to be topped up in the next run. */
  private List<KeyLease> low = new ArrayList<>();
  private List<KeyLease.HandBack> handBacks = new ArrayList<>();
  private long asked;
  /** Set once the role stops: a lease that comes afterwards goes straight back. */
  private boolean closing;

  /** A lease asked for in a run: its slots' prefix, and the lease it tops up (null: a new one). */
  record Ask(String slotPrefix, KeyLease topping) {
    int slots() {
      return topping == null ? LEASE_SLOTS : 0; // a top-up keeps the slots it has
    }

    /** The names of the first {@code count} slots it asks for, as the script names them. */
    List<String> slotNames(int count) {
      List<String> names = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        names.add(slotPrefix + i);
      }
      return names;
    }
  }

  /** {@code leaseMs} 0: no leases. */
  KeyLeases(Context context, long leaseMs, String owner, Runnable wantRun) {
    this.context = context;
    this.leaseMs = leaseMs;
    this.owner = owner;
    this.wantRun = wantRun;
  }

  /** Whether this key's requests may be admitted from a lease: rate or concurrency limits, and no spend counter. */
  boolean leasable(KeyLimits limits) {
    return leaseMs > 0 && !limits.checksBalance() && limits.budgetMicros() == null && limits.dailyQuota() < 0
      && (limits.rpm() > 0 || limits.tpm() > 0 || limits.maxConcurrency() > 0);
  }

  /**
   * The request admitted from its key's lease, or null: none held, or the lease cannot admit it, and the request goes
   * to Redis. A lease running low is topped up in the next run; one whose share cannot cover the request hands that
   * back and is topped up in the request's run; one that ended or was taken under limits since edited is handed back
   * whole. With every slot of the lease in use, the request goes to Redis and the lease stays.
   */
  Admission admit(KeyLimits limits, long tokens) {
    KeyLease lease = held.get(limits.keyId());
    if (lease == null) {
      return null;
    }
    long now = System.currentTimeMillis();
    if (!lease.of(limits) || lease.ended(now)) {
      end(lease);
      return null;
    }
    Admission admitted = lease.admit(tokens, now);
    if (admitted == null) {
      if (!lease.covers(tokens, now)) {
        handBack(lease.shareBack()); // before the request's admission, in its run (which asks for a top-up)
      }
    } else if (lease.low() && !asking.contains(lease.keyId()) && !low.contains(lease)) {
      low.add(lease);
      wantRun.run();
    }
    return admitted;
  }

  /** Whether the key's lease took the finished request's slot and token correction back (else they go to Redis). */
  boolean release(long keyId, String slot, long tokenCorrection) {
    KeyLease lease = held.get(keyId);
    return lease != null && lease.release(slot, tokenCorrection);
  }

  /**
   * A lease to ask for with admissions of these limits (the last run of a turn only: one taken before it would hold
   * what the next run's admissions are refused), or null: not leasable, one asked for already, or one held that is
   * not running low.
   */
  Ask ask(KeyLimits limits) {
    KeyLease topping = held.get(limits.keyId());
    if (!leasable(limits) || topping != null && (!topping.of(limits) || !topping.low())
      || !asking.add(limits.keyId())) {
      return null;
    }
    return new Ask(owner + ".L" + ++asked + ".", topping);
  }

  /** The leases running low that are still held and not asked for already, to top up in a run of their own. */
  List<KeyLease> takeLow() {
    List<KeyLease> taken = low;
    low = new ArrayList<>();
    taken.removeIf(lease -> held.get(lease.keyId()) != lease || asking.contains(lease.keyId()));
    return taken;
  }

  /** Hand-backs whose script run failed: sent again, each at most {@link KeyLease.HandBack#tries} times in all. */
  void failed(List<KeyLease.HandBack> sent) {
    sent.stream().filter(back -> back.tries() > 1).forEach(back -> handBack(new KeyLease.HandBack(back.keyId(),
      back.requests(), back.tokens(), back.windowEnd(), back.slots(), back.tries() - 1)));
  }

  List<KeyLease.HandBack> takeHandBacks() {
    List<KeyLease.HandBack> taken = handBacks;
    handBacks = new ArrayList<>();
    return taken;
  }

  boolean hasWork() {
    return !(low.isEmpty() && handBacks.isEmpty());
  }

  /**
   * What the script granted for an ask (null: its run failed): a new lease held, a top-up added, or, with nothing
   * granted (too little left in the window to share), the lease topped up handed back and the key's requests admitted
   * one by one.
   */
  void answered(Ask ask, KeyLimits limits, KeyLease.Share share, int slots) {
    asking.remove(limits.keyId());
    KeyLease topping = ask.topping();
    boolean stillHeld = topping != null && held.get(topping.keyId()) == topping;
    long now = System.currentTimeMillis();
    if (share == null && topping == null) {
      // the run may have reached Redis before it failed: the slots it may have added go (the requests and tokens of
      // such a share stay counted until the window ends)
      handBack(new KeyLease.HandBack(limits.keyId(), 0, 0, 0, ask.slotNames(ask.slots())));
    } else if (share == null) {
      return; // a top-up that failed: the lease admits on with what it has
    } else if (share.requests() == 0) {
      if (stillHeld) {
        end(topping);
      }
    } else if (stillHeld) {
      topping.topUp(share, now);
    } else if (topping != null) { // the lease ended while its top-up was asked for
      handBack(new KeyLease.HandBack(limits.keyId(), share.requests(), share.tokens(), share.windowEnd(), List.of()));
    } else {
      hold(new KeyLease(limits, share, ask.slotNames(slots), leaseMs, now));
    }
  }

  private void hold(KeyLease lease) {
    KeyLease before = held.get(lease.keyId());
    if (before != null) {
      end(before);
    }
    if (closing) {
      end(lease);
      return;
    }
    held.put(lease.keyId(), lease);
    lease.timer = context.owner().setTimer(Math.max(1, lease.endsAt() - System.currentTimeMillis()), id -> {
      lease.timer = -1;
      if (held.get(lease.keyId()) == lease) {
        end(lease);
        wantRun.run();
      }
    });
  }

  /** The lease no longer admits; what it did not use goes back with the next run (the caller asks for it). */
  private void end(KeyLease lease) {
    held.remove(lease.keyId(), lease);
    if (lease.timer >= 0) {
      context.owner().cancelTimer(lease.timer);
    }
    handBack(lease.handBack());
  }

  private void handBack(KeyLease.HandBack back) {
    if (back != null) {
      handBacks.add(back);
    }
  }

  /** Every lease handed back, and any taken from now on at once: the role is stopping. */
  void endAll() {
    closing = true;
    List.copyOf(held.values()).forEach(this::end);
  }
}
