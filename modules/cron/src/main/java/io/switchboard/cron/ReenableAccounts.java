package io.switchboard.cron;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.AccountStatusStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;

/** Returns accounts whose disable or cooldown has run out to active, and tells every cache on every node. */
final class ReenableAccounts implements CronJob {
  private final AccountStatusStore statuses;
  private final EventBus bus;

  ReenableAccounts(AccountStatusStore statuses, EventBus bus) {
    this.statuses = statuses;
    this.bus = bus;
  }

  @Override
  public Future<String> run() {
    return statuses.reenableExpired().map(ids -> {
      ids.forEach(id -> bus.publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, id)));
      return ids.isEmpty() ? "no account was due" : "re-enabled accounts " + ids;
    });
  }
}
