package io.switchboard.scheduler;

import io.switchboard.api.Addresses;
import io.switchboard.api.ProbeRequest;
import io.switchboard.api.ProbeResult;
import io.switchboard.store.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Collection;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health probes: every interval, each account that is {@code invalid} or whose circuit is open gets one
 * minimal request through its provider ({@code sb.provider.<kind>.probe}); success brings it back (the provider
 * closes the circuit, the tracker stores it as active). A Redis lock per account and interval lets one scheduler of
 * the cluster probe it.
 */
final class HealthProbes {
  private static final Logger LOG = LoggerFactory.getLogger(HealthProbes.class);
  private final Vertx vertx;
  private final Redis redis;
  private final AccountHealthTracker health;
  private final long intervalMs;

  HealthProbes(Vertx vertx, Redis redis, AccountHealthTracker health, long intervalMs) {
    this.vertx = vertx;
    this.redis = redis;
    this.health = health;
    this.intervalMs = intervalMs;
  }

  /** Probes every invalid or open-circuit account this scheduler wins the lock for; returns how many were due. */
  int run(Collection<Account> accounts) {
    Set<Long> open = health.openCircuits();
    int due = 0;
    for (Account account : accounts) {
      if ("invalid".equals(account.status()) || open.contains(account.id())) {
        due++;
        claim(account.id()).onSuccess(mine -> {
          if (mine) {
            probe(account);
          }
        });
      }
    }
    return due;
  }

  private Future<Boolean> claim(long accountId) {
    return redis.send(Request.cmd(Command.SET).arg("sb:probe:" + accountId).arg(1).arg("NX").arg("PX")
        .arg(Math.max(1, intervalMs - 100)))
      .map(reply -> reply != null && "OK".equals(reply.toString()))
      .otherwise(false);
  }

  private void probe(Account account) {
    vertx.eventBus().<ProbeResult>request(Addresses.providerProbe(account.provider()),
        new ProbeRequest(account.id(), null), new DeliveryOptions().setSendTimeout(Math.max(intervalMs, 60_000)))
      .onSuccess(reply -> {
        ProbeResult result = reply.body();
        if (result.ok()) {
          health.probeSucceeded(account.id());
        } else {
          LOG.info("account {}: health probe failed: {}", account.id(), result.errorClass());
        }
      })
      .onFailure(failure -> LOG.info("account {}: health probe not answered: {}", account.id(), failure.getMessage()));
  }
}
