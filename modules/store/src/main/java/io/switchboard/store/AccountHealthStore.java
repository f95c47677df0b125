package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;

/**
 * Account status changes driven by upstream health, each an {@link AccountStatusChange}: several schedulers (on
 * several nodes) seeing the same failure store it once. Every method answers the previous status, or null when nothing
 * changed.
 */
public final class AccountHealthStore {
  private static final String INVALID = "a.status in ('active', 'rate_limited', 'overloaded')";
  private static final String EXPIRED = "a.status in ('rate_limited', 'overloaded') and a.status_until <= now()";
  private static final String PROBED = "a.status in ('invalid', 'rate_limited', 'overloaded')";

  private final Pool pool;
  private final AccountStore accounts;

  public AccountHealthStore(Pool pool) {
    this.pool = pool;
    this.accounts = new AccountStore(pool);
  }

  /** Every account not disabled or banned, whatever its health. */
  public Future<List<Account>> listRoutable() {
    return accounts.listRoutable();
  }

  /** invalid (its credential was refused) until a probe succeeds or an admin acts. */
  public Future<String> markInvalid(long accountId, String reason, String requestId) {
    return change(INVALID, accountId, "invalid", reason, null, requestId);
  }

  /** Back to active because its temporary state has ended. */
  public Future<String> reactivateExpired(long accountId) {
    return change(EXPIRED, accountId, "active", "expired", null, null);
  }

  /** Back to active because a health probe through it succeeded. */
  public Future<String> reactivateProbed(long accountId) {
    return change(PROBED, accountId, "active", "probe_ok", null, null);
  }

  private Future<String> change(String condition, long accountId, String status, String reason, Instant until,
                                String requestId) {
    return AccountStatusChange.apply(pool, condition, accountId, status, reason, until, requestId);
  }
}
