package io.switchboard.cron;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.AccountQuotaStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;

/**
 * Accounts' daily quotas start over (at midnight of {@code cron.timeZone}); the accounts a spent quota had disabled
 * come back, each on its status history, and every node's scheduler hears of it.
 */
final class AccountQuotaReset implements CronJob {
  private final AccountQuotaStore quotas;
  private final EventBus bus;

  AccountQuotaReset(AccountQuotaStore quotas, EventBus bus) {
    this.quotas = quotas;
    this.bus = bus;
  }

  @Override
  public Future<String> run() {
    return quotas.resetDaily().map(done -> {
      if (done.quotas() > 0) {
        bus.publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
      }
      return done.quotas() + " daily account quota(s) started over"
        + (done.reenabled().isEmpty() ? "" : "; accounts back: " + done.reenabled());
    });
  }
}
