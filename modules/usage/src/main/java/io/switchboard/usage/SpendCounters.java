package io.switchboard.usage;

import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.RedisScript;
import io.switchboard.store.UsageStore.Charge;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Moves the Redis spend counters the auth role admits against (user's spend today, remaining balance, key's
 * spend) by what a written batch charged, in one round trip. Counters that are missing stay missing: whoever
 * reads one next rebuilds it from PostgreSQL, where this spend already is.
 */
final class SpendCounters {
  private final Redis redis;
  private final RedisScript spend = RedisScript.named("spend");
  private final QuotaDay quotaDay;

  SpendCounters(Redis redis, QuotaDay quotaDay) {
    this.redis = redis;
    this.quotaDay = quotaDay;
  }

  Future<Void> charge(List<Charge> charges) {
    if (charges.isEmpty()) {
      return Future.succeededFuture();
    }
    String day = quotaDay.todayName();
    Map<Long, Long> byKey = new TreeMap<>();
    Map<Long, Long> byUser = new TreeMap<>();
    for (Charge c : charges) {
      byKey.merge(c.keyId(), c.chargedMicros(), Long::sum);
      if (c.userId() != 0) {
        byUser.merge(c.userId(), c.chargedMicros(), Long::sum);
      }
    }
    List<Request> requests = new ArrayList<>();
    byKey.forEach((key, charged) -> requests.add(spend.request(
      List.of("", "", QuotaKeys.keySpend(key)), List.of(Long.toString(charged)))));
    byUser.forEach((user, charged) -> requests.add(spend.request(
      List.of(QuotaKeys.daySpend(user, day), QuotaKeys.balance(user), ""), List.of(Long.toString(charged)))));
    return redis.batch(requests).recover(failure -> {
      if (failure.getMessage() == null || !failure.getMessage().contains("NOSCRIPT")) {
        return Future.failedFuture(failure);
      }
      return spend.load(redis).compose(v -> redis.batch(requests));
    }).mapEmpty();
  }
}
