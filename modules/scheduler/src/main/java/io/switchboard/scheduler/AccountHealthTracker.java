package io.switchboard.scheduler;

import io.switchboard.api.AccountHealth;
import io.switchboard.api.Addresses;
import io.switchboard.api.CircuitState;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.RateLimitReset;
import io.switchboard.store.Account;
import io.switchboard.store.AccountHealthStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account health as the scheduler routes by it. Outcomes change it by error class — a refused credential makes the
 * account {@code invalid} (account-wide), a 429 {@code rate_limited} until the reset the upstream names (or a TTL)
 * and a 529 {@code overloaded} for a TTL, both for the model they answered only ({@link ModelCooldowns}): the account
 * keeps serving its other models. The invalid state is held at once in memory and durably through
 * {@link AccountHealthStore}'s conditional updates, which store a change once however many schedulers see the same
 * outcome; a stored change is published as {@link AccountHealth} and {@link ConfigChanged}. Temporary account states
 * (set by rules or admins) end at their time (written back as active) and circuit states come from the providers.
 */
final class AccountHealthTracker {
  private static final Logger LOG = LoggerFactory.getLogger(AccountHealthTracker.class);

  /** TTLs of the temporary states when the upstream does not say, in ms; accounts may override them. */
  record Ttls(long rateLimitedMs, long overloadedMs) {
  }

  private record Temporary(String status, long untilMs, long setAtMs) {
  }

  private final Vertx vertx;
  private final AccountHealthStore store;
  private final Ttls ttls;
  private final Map<Long, Temporary> overlay = new HashMap<>();
  private final Map<Long, String> circuits = new HashMap<>();
  private final Set<Long> expiring = new HashSet<>();
  private final ModelCooldowns cooldowns;

  AccountHealthTracker(Vertx vertx, AccountHealthStore store, ModelCooldowns cooldowns, Ttls ttls) {
    this.vertx = vertx;
    this.store = store;
    this.cooldowns = cooldowns;
    this.ttls = ttls;
  }

  /**
   * Why the account may not be tried now for this upstream model (rate_limited, overloaded, invalid, circuit_open,
   * or a status an admin or a rule set), or null if it may.
   */
  String unavailable(Account account, String model, long nowMs) {
    String circuit = circuits.get(account.id());
    if (circuit != null && !CircuitState.CLOSED.equals(circuit)) {
      return "circuit_open";
    }
    Temporary seen = overlay.get(account.id());
    if (seen != null && seen.untilMs() > nowMs) {
      return seen.status();
    }
    ModelCooldowns.Cooldown cooling = cooldowns.running(account.id(), model, nowMs);
    if (cooling != null) {
      return cooling.status();
    }
    return switch (account.status()) {
      case "active" -> null;
      case "rate_limited", "overloaded" -> account.statusUntil() == null
        || account.statusUntil().toEpochMilli() > nowMs ? account.status() : null;
      default -> account.status();
    };
  }

  /** When an account unavailable for this model is expected back, or -1 when unknown. */
  long backAtMs(Account account, String model, long nowMs) {
    Temporary seen = overlay.get(account.id());
    long until = seen != null && seen.untilMs() > nowMs && seen.untilMs() != Long.MAX_VALUE ? seen.untilMs() : -1;
    ModelCooldowns.Cooldown cooling = cooldowns.running(account.id(), model, nowMs);
    if (cooling != null) {
      until = Math.max(until, cooling.untilMs());
    }
    if (account.statusUntil() != null && account.statusUntil().toEpochMilli() > nowMs) {
      until = Math.max(until, account.statusUntil().toEpochMilli());
    }
    return until;
  }

  void circuit(CircuitState state) {
    circuits.put(state.accountId(), state.state());
  }

  /** Accounts whose circuit is not closed, as the providers last said. */
  Set<Long> openCircuits() {
    Set<Long> open = new HashSet<>();
    circuits.forEach((id, state) -> {
      if (!CircuitState.CLOSED.equals(state)) {
        open.add(id);
      }
    });
    return open;
  }

  /** Rows were reloaded: a state this scheduler set before the reload began is dropped where the row is active. */
  void reloaded(List<Account> accounts, long reloadStartMs) {
    for (Account account : accounts) {
      Temporary seen = overlay.get(account.id());
      if (seen != null && "active".equals(account.status()) && seen.setAtMs() < reloadStartMs) {
        overlay.remove(account.id());
      }
    }
  }

  void outcome(Outcome outcome, Account account) {
    if (outcome.errorClass() == null || account == null) {
      return;
    }
    long now = System.currentTimeMillis();
    String reason = outcome.errorClass().wireName() + (outcome.status() > 0 ? ": HTTP " + outcome.status() : "");
    switch (outcome.errorClass()) {
      case AUTH -> {
        overlay.put(account.id(), new Temporary("invalid", Long.MAX_VALUE, now));
        stored(account.id(), "invalid", reason, -1, store.markInvalid(account.id(), reason, outcome.requestId()));
      }
      case RATE_LIMITED, OVERLOADED -> {
        String status = outcome.errorClass().wireName(); // the cooldown is named as its cause
        // from the outcome's own time, so every scheduler that sees it computes the same end
        long at = outcome.atEpochMs();
        long wait = outcome.errorClass() == ErrorClass.RATE_LIMITED ? RateLimitReset.waitMs(outcome.headers(), at) : -1;
        long until = at + (wait > 0 ? wait : ttl(account, status));
        String model = outcome.model() == null ? "" : outcome.model();
        if (cooldowns.start(account.id(), model, status, until, now)) {
          LOG.info("account {}: {} for model {} until {} ({})", account.id(), status, model,
            Instant.ofEpochMilli(until), reason);
        }
      }
      default -> {
        // other failures: the circuit breaker and the strategies weigh them
      }
    }
  }

  /** Temporary states that have ended are written back as active (once, whoever gets there first). */
  void expire(Collection<Account> accounts, long nowMs) {
    cooldowns.sweep(nowMs);
    for (Account account : accounts) {
      boolean temporary = "rate_limited".equals(account.status()) || "overloaded".equals(account.status());
      if (temporary && account.statusUntil() != null && account.statusUntil().toEpochMilli() <= nowMs
        && expiring.add(account.id())) {
        stored(account.id(), "active", "expired", -1, store.reactivateExpired(account.id()))
          .onComplete(done -> expiring.remove(account.id()));
      }
    }
  }

  /** A probe through the account succeeded: it comes back from invalid (or an early temporary state). */
  Future<Void> probeSucceeded(long accountId) {
    overlay.remove(accountId);
    return stored(accountId, "active", "probe_ok", -1, store.reactivateProbed(accountId));
  }

  private long ttl(Account account, String status) {
    JsonObject own = account.options() == null ? null : account.options().getJsonObject("health");
    String key = "rate_limited".equals(status) ? "rateLimitedTtlMs" : "overloadedTtlMs";
    long fallback = "rate_limited".equals(status) ? ttls.rateLimitedMs() : ttls.overloadedMs();
    return own == null ? fallback : own.getLong(key, fallback);
  }

  private Future<Void> stored(long accountId, String status, String reason, long untilMs, Future<String> change) {
    return change.onSuccess(previous -> {
      if (previous == null) {
        return; // already so (another scheduler stored it), or the account is off
      }
      LOG.info("account {}: {} -> {} ({})", accountId, previous, status, reason);
      vertx.eventBus().publish(Addresses.ACCOUNT_HEALTH, new AccountHealth(accountId, status, previous, reason, untilMs,
        System.currentTimeMillis()));
      vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, accountId));
    }).onFailure(failure -> LOG.warn("account {}: storing status {} failed: {}", accountId, status,
      failure.getMessage())).mapEmpty();
  }
}
