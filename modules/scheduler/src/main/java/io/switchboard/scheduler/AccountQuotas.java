package io.switchboard.scheduler;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.Account;
import io.switchboard.store.AccountQuotaStore;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is left of each account's quota, as the scheduler weighs ({@code remaining_quota}) and skips accounts by it.
 * Usage rows move the counts in PostgreSQL as they are written; while any routable account has a quota they are
 * re-read every {@code scheduler.quotaRefreshMs}. An account whose quota is spent is skipped at once and stored as
 * disabled ({@code quota_exhausted}, on its status history) once however many schedulers see it, then announced; it
 * comes back with the daily reset (cron job {@code account-quota-reset}) or when an admin raises its quota.
 */
final class AccountQuotas {
  private static final Logger LOG = LoggerFactory.getLogger(AccountQuotas.class);
  private final Vertx vertx;
  private final AccountQuotaStore store;
  private final Map<Long, Long> used = new HashMap<>();
  private final Set<Long> disabling = new HashSet<>();
  private boolean refreshing;

  AccountQuotas(Vertx vertx, AccountQuotaStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Units left on the account's quota; {@link Long#MAX_VALUE} when it has none. */
  long remaining(Account account) {
    if (account.quota() == null) {
      return Long.MAX_VALUE;
    }
    return account.quota().withUsed(used.getOrDefault(account.id(), account.quota().used())).remaining();
  }

  /** The accounts were (re)loaded: their rows' counts are the freshest. */
  void reloaded(Collection<Account> accounts) {
    used.clear();
    accounts.stream().filter(a -> a.quota() != null).forEach(a -> used.put(a.id(), a.quota().used()));
  }

  /** Re-reads the counts when some account has a quota, and disables those spent. */
  void refresh(Collection<Account> accounts) {
    if (refreshing || accounts.stream().noneMatch(a -> a.quota() != null)) {
      return;
    }
    refreshing = true;
    store.used().onComplete(read -> {
      refreshing = false;
      if (read.failed()) {
        LOG.warn("account quotas not re-read: {}", read.cause().getMessage());
        return;
      }
      used.putAll(read.result());
      for (Account account : accounts) {
        if (account.quota() != null && remaining(account) == 0 && disabling.add(account.id())) {
          disable(account);
        }
      }
    });
  }

  private void disable(Account account) {
    store.markSpent(account.id()).onComplete(done -> {
      disabling.remove(account.id());
      if (done.succeeded() && done.result() != null) {
        LOG.info("account {} disabled: its {} quota of {} {} is spent", account.id(), account.quota().period(),
          account.quota().limit(), account.quota().unit());
        vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, account.id()));
      } else if (done.failed()) {
        LOG.warn("account {}: spent quota not stored: {}", account.id(), done.cause().getMessage());
      }
    });
  }
}
