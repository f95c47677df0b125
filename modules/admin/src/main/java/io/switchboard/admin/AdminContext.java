package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.AccountStore;
import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.AuditStore;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.GroupStore;
import io.switchboard.store.PriceStore;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.UsageReportStore;
import io.switchboard.store.User;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.Base64;

/** What the route classes share: stores, the keyring, tokens, the login throttle, the audit trail, settings. */
final class AdminContext {
  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final AdminSettings settings;
  private final UserStore users;
  private final ApiKeyStore keys;
  private final AccountStore accounts;
  private final GroupStore groups;
  private final PriceStore prices;
  private final QuotaStore quotas;
  private final UsageReportStore usage;
  private final AuditStore auditStore;
  private final AuditTrail audit;
  private final CredentialCipher cipher;
  private final AdminTokens tokens;
  private final LoginThrottle throttle;

  AdminContext(Vertx vertx, Pool pool, Redis redis, AdminSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.settings = settings;
    this.users = new UserStore(pool);
    this.keys = new ApiKeyStore(pool);
    this.accounts = new AccountStore(pool);
    this.groups = new GroupStore(pool);
    this.prices = new PriceStore(pool);
    this.quotas = new QuotaStore(pool);
    this.usage = new UsageReportStore(pool);
    this.auditStore = new AuditStore(pool);
    this.audit = new AuditTrail(auditStore);
    this.cipher = CredentialCipher.shared(vertx, settings.masterKey(), settings.previousMasterKeys());
    this.tokens = new AdminTokens(vertx, Base64.getDecoder().decode(settings.masterKey().trim()),
      settings.accessSeconds(), settings.refreshSeconds());
    this.throttle = new LoginThrottle(redis, settings.maxFailuresPerUser(), settings.maxFailuresPerIp(),
      settings.loginWindowMs());
  }

  /** Tells every cache on every node that rows of this entity changed (id null: all of them). */
  void changed(String entity, Long id) {
    vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(entity, id));
  }

  Vertx vertx() {
    return vertx;
  }

  Pool pool() {
    return pool;
  }

  /** The shared Redis: login throttling and the quota counters an admin action drops. */
  Redis redis() {
    return redis;
  }

  AdminSettings settings() {
    return settings;
  }

  UserStore users() {
    return users;
  }

  /** The user a token names, while enabled and with the token's version (a password change or disable ends it). */
  Future<User> tokenHolder(AdminTokens.Claims claims) {
    return users.find(claims.userId()).compose(user -> user == null || !user.enabled()
      || user.tokenVersion() != claims.tokenVersion()
      ? Future.failedFuture(AdminError.unauthorized("invalid or expired token")) : Future.succeededFuture(user));
  }

  ApiKeyStore keys() {
    return keys;
  }

  AccountStore accounts() {
    return accounts;
  }

  GroupStore groups() {
    return groups;
  }

  PriceStore prices() {
    return prices;
  }

  QuotaStore quotas() {
    return quotas;
  }

  UsageReportStore usage() {
    return usage;
  }

  AuditStore auditStore() {
    return auditStore;
  }

  AuditTrail audit() {
    return audit;
  }

  CredentialCipher cipher() {
    return cipher;
  }

  AdminTokens tokens() {
    return tokens;
  }

  LoginThrottle throttle() {
    return throttle;
  }
}
