package io.switchboard.auth;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.Addresses;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ConfigGeneration;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.IpAllowList;
import io.switchboard.api.Lookups;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderKind;
import io.switchboard.api.SameLoop;
import io.switchboard.store.ApiKey;
import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.QuotaStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code sb.auth.verify.hashed} (and {@code sb.auth.verify}, where an ingress of an earlier version asks): a
 * client key (its hash) becomes a {@link Principal}, or the request fails with 401
 * (unknown or expired key, or a key whose owner is disabled: like OpenAI, an expired key is an invalid credential)
 * or 403 (disabled key, or a client address outside the key's IP allow-list) as the failure code; expiry and the
 * allow-list are checked on every request, cached or not. Lookups are cached by key hash; the cache is
 * dropped whenever {@code sb.config.changed} names API keys or users, and unknown keys are remembered only briefly; a
 * lookup that was in flight when such a change was announced answers the requests that waited for it but is not
 * cached, and requests after the change read the key again. A key's requests that arrive while it is being read wait
 * for that one lookup; one client address may have at most {@code auth.maxKeyLookupsPerAddress} lookups in flight
 * (429 past them: {@link LookupsByAddress}).
 * A request to admit also passes its key's limits and its user's quota ({@link KeyAdmission}): 402 as the failure
 * code, or a principal whose admission says whether it was refused (429, told with rate-limit headers) and on
 * which group it runs. While limits cannot be checked (Redis down), {@code auth.onRedisOutage} decides: 503, or
 * admitted unchecked. {@code sb.auth.release} frees what a finished request held.
 */
public class KeyAuthVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KeyAuthVerticle.class);
  /** How long a stop waits for the last releases' script run before it closes Redis. */
  private static final long SETTLE_MS = 5000;
  private static final Counter UNCHECKED = Counter.builder("sb.auth.unchecked")
    .description("requests admitted without their limits checked (auth.onRedisOutage: admit)")
    .register(GatewayMetrics.registry());
  /** Its request-path handlers' own-loop registrations (see SameLoop), left first at its stop. */
  private final SameLoop.Registrations sameLoop = new SameLoop.Registrations();

  /** A known key: its principal and what its requests are admitted against. */
  private record KnownKey(Principal principal, KeyLimits limits, ApiKey key) {
  }

  private final Map<String, KnownKey> known = new HashMap<>();
  private final Map<String, Long> unknownUntil = new HashMap<>();
  /** The lookups in flight, by key hash: a key's requests that arrive meanwhile wait for the same one. */
  private final Lookups<String, Found> lookingUp = new Lookups<>();
  private LookupsByAddress lookupsByAddress;
  private final ConfigGeneration generation = new ConfigGeneration();
  private Pool pool;
  private Redis redis;
  private ApiKeyStore keys;
  private QuotaStore quotas;
  private KeyAdmission admission;
  private BodyCapturePolicy capture;
  private long unknownTtlMs;
  private boolean admitOnOutage;
  private long lastOutageLog;
  private long lastLookupFailureLog;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    AuthSettings settings;
    try {
      settings = AuthSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    unknownTtlMs = settings.unknownKeyCacheMs();
    lookupsByAddress = new LookupsByAddress(settings.maxKeyLookupsPerAddress());
    admitOnOutage = settings.admitOnOutage();
    pool = settings.storage().postgres(vertx);
    redis = settings.storage().redis(vertx);
    keys = new ApiKeyStore(pool);
    quotas = new QuotaStore(pool);
    admission = new KeyAdmission(context, redis, quotas, settings.quotaDay(), settings.concurrencySlotTtlMs(),
      settings.admissionLeaseMs());
    capture = new BodyCapturePolicy(new BodyCaptureStore(pool));
    return Future.join(capture.reload(),
      sameLoop.add(SameLoop.<AuthRequest>consumer(vertx, Addresses.AUTH_VERIFY, this::verify)),
      vertx.eventBus().<AuthRequest>consumer(Addresses.AUTH_VERIFY_EARLIER, this::verify).completion(),
      sameLoop.add(SameLoop.<AdmissionRelease>consumer(vertx, Addresses.AUTH_RELEASE, this::release)),
      vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, this::configChanged).completion());
  }

  /** Takes no more requests, lets the releases already handed in reach Redis (5 s at most), then closes. */
  @Override
  public Future<?> stop() {
    return sameLoop.leave().transform(left -> admission.settled().timeout(SETTLE_MS, TimeUnit.MILLISECONDS))
      .transform(settled -> Future.join(pool.close(), redis.close()));
  }

  private void verify(Message<AuthRequest> message) {
    String hash = message.body().keyHash();
    if (hash == null) {
      rejectUnknown(message);
      return;
    }
    KnownKey cached = known.get(hash);
    if (cached != null) {
      answer(message, cached);
      return;
    }
    Long until = unknownUntil.get(hash);
    if (until != null && until > System.currentTimeMillis()) {
      rejectUnknown(message);
      return;
    }
    String address = message.body().clientAddress();
    if (!lookingUp.pending(hash) && !lookupsByAddress.mayBegin(address)) {
      GatewayMetrics.refused("key_lookups");
      message.fail(ErrorKind.RATE_LIMITED.status(),
        "Too many API keys from this address are being checked at once; please retry shortly.");
      return;
    }
    lookingUp.of(hash, () -> lookupsByAddress.counting(address, lookUp(hash))).onComplete(done -> {
      if (done.failed()) {
        unavailable(done.cause());
        message.fail(ErrorKind.UNAVAILABLE.status(), "key verification is unavailable right now");
        return;
      }
      ApiKey key = done.result().key();
      if (key == null) {
        rejectUnknown(message);
      } else if (!key.enabled()) {
        message.fail(ErrorKind.FORBIDDEN.status(), "This API key has been disabled.");
      } else if (done.result().known() == null) {
        // only SQL by hand writes such a row (admin and bootstrap validate): refuse rather than widen or hang
        message.fail(ErrorKind.FORBIDDEN.status(), "This API key allows a provider this gateway does not know.");
      } else {
        answer(message, done.result().known());
      }
    });
  }

  /**
   * Reads a key and its user's quota, and caches what it found unless a change was announced meanwhile: once per key
   * however many of its requests wait for it (a burst of a key's first requests read it as many times, and past
   * {@code storage.postgres.maxWaitQueue} of them were answered 503).
   */
  private Future<Found> lookUp(String hash) {
    long began = generation.current();
    return keys.findByHash(hash)
      .compose(key -> key == null || key.userId() == 0 ? Future.succeededFuture(new Lookup(key, null))
        : quotas.userQuota(key.userId()).map(quota -> new Lookup(key, quota)))
      .map(lookup -> {
        ApiKey key = lookup.key();
        boolean keep = generation.unchangedSince(began); // a key created or disabled meanwhile is read again
        if (key == null) {
          if (unknownUntil.size() > 10_000) {
            unknownUntil.clear(); // bounded: a flood of random keys must not grow memory
          }
          if (keep) {
            unknownUntil.put(hash, System.currentTimeMillis() + unknownTtlMs);
          }
          return new Found(null, null);
        }
        if (!key.enabled() || !ProviderKind.wireNames().containsAll(key.allowedProviders())) {
          return new Found(key, null);
        }
        KnownKey entry = new KnownKey(new Principal(key.id(), key.name(), key.models(), key.userId(), key.group(),
          key.allowedProviders().stream().map(ProviderKind::fromWire).toList()),
          KeyLimits.of(key, lookup.quota()), key);
        if (keep) {
          known.put(hash, entry);
        }
        return new Found(key, entry);
      });
  }

  /** Keys could not be read: logged at most every 10 s, without the key. */
  private void unavailable(Throwable failure) {
    long now = System.currentTimeMillis();
    if (now - lastLookupFailureLog >= 10_000) {
      lastLookupFailureLog = now;
      LOG.warn("client keys could not be read, requests answered 503: {}", failure.getMessage());
    }
  }

  private record Lookup(ApiKey key, QuotaStore.UserQuota quota) {
  }

  /** What a lookup found: no key (null), or the key and, when it may be used, its entry (else null). */
  private record Found(ApiKey key, KnownKey known) {
  }

  /** The principal, admitted against limits and quota when the request asks for it and the key has any. */
  private void answer(Message<AuthRequest> message, KnownKey key) {
    if (key.key().expiredAt(Instant.now())) {
      message.fail(ErrorKind.UNAUTHENTICATED.status(), "This API key has expired.");
      return;
    }
    if (!IpAllowList.allows(key.key().ipAllow(), message.body().clientAddress())) {
      message.fail(ErrorKind.FORBIDDEN.status(), "This API key may not be used from this address.");
      return;
    }
    Principal known = key.principal();
    capture.captures(known.keyId(), known.group()).onComplete(captures -> admit(message, key,
      known.capturing(captures.succeeded() && captures.result())));
  }

  private void admit(Message<AuthRequest> message, KnownKey key, Principal principal) {
    if (!message.body().admit() || !key.limits().any()) {
      message.reply(principal);
      return;
    }
    admission.admit(key.limits(), message.body().estimatedTokens()).onComplete(admitted -> {
      if (admitted.succeeded()) {
        String group = admitted.result().onFallback() ? key.limits().fallbackGroup() : key.principal().group();
        message.reply(principal.admitted(admitted.result(), group));
      } else if (admitted.cause() instanceof GatewayException refused) {
        message.fail(refused.kind().status(), refused.getMessage());
      } else {
        unchecked(message, key, admitted.cause());
      }
    });
  }

  /**
   * The key's limits and quota could not be checked (Redis, or the PostgreSQL read rebuilding a counter, failed):
   * {@code auth.onRedisOutage} says whether the request runs unchecked or gets 503. Logged at most every 10 s.
   */
  private void unchecked(Message<AuthRequest> message, KnownKey key, Throwable failure) {
    long now = System.currentTimeMillis();
    if (now - lastOutageLog >= 10_000) {
      lastOutageLog = now;
      LOG.warn("limits of key {} could not be checked ({}): {}", key.principal().keyId(),
        admitOnOutage ? "admitted unchecked" : "refused", failure.getMessage());
    }
    if (admitOnOutage) {
      UNCHECKED.increment();
      message.reply(key.principal());
    } else {
      GatewayMetrics.refused("redis_outage");
      message.fail(ErrorKind.UNAVAILABLE.status(), "Rate limits cannot be checked right now.");
    }
  }

  private void release(Message<AdmissionRelease> message) {
    admission.release(message.body());
  }

  private static void rejectUnknown(Message<AuthRequest> message) {
    message.fail(ErrorKind.UNAUTHENTICATED.status(), "Incorrect API key provided.");
  }

  private void configChanged(Message<ConfigChanged> message) {
    String entity = message.body().entity();
    if (ConfigChanged.API_KEY.equals(entity) || ConfigChanged.GROUP.equals(entity)) {
      capture.reload();
    }
    if (ConfigChanged.API_KEY.equals(entity) || ConfigChanged.USER.equals(entity)) {
      known.clear(); // entries are keyed by hash, not id: dropping all is simplest and rare
      unknownUntil.clear();
      lookingUp.clear(); // a request from now on reads the key again, not with a lookup begun before the change
      generation.advance();
    }
    if (ConfigChanged.USER.equals(entity) && message.body().id() != null) {
      admission.forgetBalance(message.body().id());
    }
  }
}
