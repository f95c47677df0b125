package io.switchboard.auth;

import io.switchboard.api.Addresses;
import io.switchboard.api.ApiKeys;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Principal;
import io.switchboard.store.ApiKey;
import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.Databases;
import io.switchboard.store.IpAllowList;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers {@code sb.auth.verify}: a client key becomes a {@link Principal}, or the request fails with 401
 * (unknown or expired key, or a key whose owner is disabled: like OpenAI, an expired key is an invalid credential)
 * or 403 (disabled key, or a client address outside the key's IP allow-list) as the failure code. Lookups are cached
 * by key hash; the cache is dropped whenever {@code sb.config.changed} names API keys or users, and unknown keys are
 * remembered only briefly. Expiry and the allow-list are checked on every request, cached or not.
 */
public class KeyAuthVerticle extends VerticleBase {
  private final Map<String, Known> known = new HashMap<>();
  private final Map<String, Long> unknownUntil = new HashMap<>();
  private Pool pool;
  private ApiKeyStore keys;
  private long unknownTtlMs;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    JsonObject postgres = config().getJsonObject("postgres", new JsonObject());
    if (postgres.getString("url") == null) {
      return Future.failedFuture("auth: postgres.url must be set by the app");
    }
    unknownTtlMs = config().getLong("unknownKeyCacheMs", 5000L);
    if (unknownTtlMs < 0) {
      return Future.failedFuture("auth.unknownKeyCacheMs must not be negative");
    }
    pool = Databases.postgres(vertx, postgres.getString("url"), postgres.getInteger("poolSize", 4));
    keys = new ApiKeyStore(pool);
    return Future.join(
      vertx.eventBus().<AuthRequest>consumer(Addresses.AUTH_VERIFY, this::verify).completion(),
      vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, this::configChanged).completion());
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  private void verify(Message<AuthRequest> message) {
    String hash = ApiKeys.sha256Hex(message.body().apiKey());
    Known cached = known.get(hash);
    if (cached != null) {
      admit(message, cached);
      return;
    }
    Long until = unknownUntil.get(hash);
    if (until != null && until > System.currentTimeMillis()) {
      rejectUnknown(message);
      return;
    }
    keys.findByHash(hash).onComplete(lookup -> {
      if (lookup.failed()) {
        message.fail(ErrorKind.UNAVAILABLE.status(), "key verification is unavailable right now");
        return;
      }
      ApiKey key = lookup.result();
      if (key == null) {
        if (unknownUntil.size() > 10_000) {
          unknownUntil.clear(); // bounded: a flood of random keys must not grow memory
        }
        unknownUntil.put(hash, System.currentTimeMillis() + unknownTtlMs);
        rejectUnknown(message);
      } else if (!key.enabled()) {
        message.fail(ErrorKind.FORBIDDEN.status(), "This API key has been disabled.");
      } else {
        Known entry = new Known(new Principal(key.id(), key.name(), key.models(), key.userId(), key.group(),
          key.allowedProviders()), key);
        known.put(hash, entry);
        admit(message, entry);
      }
    });
  }

  /** A known, enabled key with what is checked per request: its expiry and IP allow-list. */
  private record Known(Principal principal, ApiKey key) {
  }

  private static void admit(Message<AuthRequest> message, Known entry) {
    if (entry.key().expiredAt(Instant.now())) {
      message.fail(ErrorKind.UNAUTHENTICATED.status(), "This API key has expired.");
    } else if (!IpAllowList.allows(entry.key().ipAllow(), message.body().clientAddress())) {
      message.fail(ErrorKind.FORBIDDEN.status(), "This API key may not be used from this address.");
    } else {
      message.reply(entry.principal());
    }
  }

  private static void rejectUnknown(Message<AuthRequest> message) {
    message.fail(ErrorKind.UNAUTHENTICATED.status(), "Incorrect API key provided.");
  }

  private void configChanged(Message<ConfigChanged> message) {
    String entity = message.body().entity();
    // a user change (disabled, group moved, deleted) changes what that user's keys may do
    if (ConfigChanged.API_KEY.equals(entity) || ConfigChanged.USER.equals(entity)) {
      known.clear(); // entries are keyed by hash, not id: dropping all is simplest and rare
      unknownUntil.clear();
    }
  }
}
