package io.switchboard.admin;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.IpAllowList;
import io.switchboard.api.ProviderKind;
import io.switchboard.store.ApiKey;
import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.ApiKeyStore.KeyDetails;
import io.switchboard.store.KeySettings;
import io.switchboard.store.UsageLogEntry;
import io.switchboard.store.UsageReportStore;
import io.switchboard.store.UsageReportStore.Group;
import io.switchboard.store.UsageReportStore.Grouped;
import io.switchboard.store.UsageReportStore.Scope;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client keys. A user sees and manages only their own keys (another user's key answers 404, so ids cannot be
 * probed); an admin sees every key with its owner, counters and recent requests. Counters show the charged cost to
 * everyone and the base cost to admins only. The key itself is returned once,
 * on create and rotate.
 */
final class KeyRoutes {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ApiKeyStore keys;
  private final UserStore users;
  private final UsageReportStore usage;
  private final int maxKeysPerUser;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  KeyRoutes(ApiKeyStore keys, UserStore users, UsageReportStore usage, int maxKeysPerUser, AuditTrail audit,
            ConfigAnnouncer announcer) {
    this.keys = keys;
    this.users = users;
    this.usage = usage;
    this.maxKeysPerUser = maxKeysPerUser;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listKeys", this::list);
    ops.put("createKey", this::create);
    ops.put("getKey", this::get);
    ops.put("updateKey", this::update);
    ops.put("enableKey", call -> setEnabled(call, true));
    ops.put("disableKey", call -> setEnabled(call, false));
    ops.put("deleteKey", this::delete);
    ops.put("rotateKey", this::rotate);
  }

  private Future<Answer> list(Call call) {
    Long owner = call.admin() ? null : call.caller().id();
    return Future.all(keys.list(owner), counters(call, owner, null)).compose(both -> {
      List<KeyDetails> listed = both.resultAt(0);
      Map<Long, JsonObject> counters = both.resultAt(1);
      JsonArray out = new JsonArray();
      listed.forEach(k -> out.add(KeyJson.withCounters(k, counters.get(k.key().id()), call.admin())));
      return Answer.ok(out);
    });
  }

  private Future<Answer> get(Call call) {
    long id = call.id();
    return visible(call, id).compose(key -> {
      if (!call.admin()) {
        return counters(call, null, id)
          .compose(counters -> Answer.ok(KeyJson.withCounters(key, counters.get(id), false)));
      }
      return Future.all(counters(call, null, id), keys.recentRequests(id, 20)).compose(both -> {
        Map<Long, JsonObject> counters = both.resultAt(0);
        List<UsageLogEntry> recent = both.resultAt(1);
        JsonArray requests = new JsonArray();
        recent.forEach(r -> requests.add(KeyJson.recentRequest(r)));
        return Answer.ok(KeyJson.withCounters(key, counters.get(id), true).put("recentRequests", requests));
      });
    });
  }

  /**
   * Usage counters per key (of one owner, or one key, or all): requests, tokens and charged cost from the daily
   * rollups plus today's raw rows, and the newest request's time. The base cost only when an admin asks.
   */
  private Future<Map<Long, JsonObject>> counters(Call call, Long owner, Long keyId) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return Future.all(usage.aggregate(Group.KEY, new Scope(owner, keyId), null, today, today),
        usage.lastRequests(keyId))
      .map(both -> {
        List<Grouped> rows = both.resultAt(0);
        Map<Long, String> last = both.resultAt(1);
        Map<Long, JsonObject> out = new HashMap<>();
        rows.forEach(r -> {
          long id = Long.parseLong(r.key());
          out.put(id, KeyJson.counters(r.totals(), last.get(id), call.admin()));
        });
        return out;
      });
  }

  private Future<Answer> create(Call call) {
    Fields body = call.body();
    KeySettings settings = settings(body, null);
    long owner = call.admin() ? body.whole("userId", call.caller().id(), 1) : call.caller().id();
    Long asked = body.whole("userId", null, 1);
    if (!call.admin() && asked != null && asked != call.caller().id()) {
      throw AdminError.badField("userId", "may only name yourself");
    }
    String key = newKey();
    return users.find(owner)
      .compose(user -> user == null ? Future.failedFuture(AdminError.badField("userId", "names no user"))
        : keys.createWithin(owner, maxKeysPerUser, ApiKeys.sha256Hex(key), ApiKeys.displayPrefix(key), settings))
      .compose(created -> created == null
        ? Future.failedFuture(AdminError.conflict("the owner already has the most keys allowed (" + maxKeysPerUser
          + ")"))
        : Future.succeededFuture(created))
      .compose(created -> {
        JsonObject view = KeyJson.key(created);
        return audit.ok(call, "key.create", "api_key", created.key().id(), null, view).compose(v -> {
          announcer.changed(ConfigChanged.API_KEY, created.key().id());
          return Answer.created(view.copy().put("key", key));
        });
      });
  }

  private Future<Answer> update(Call call) {
    long id = call.id();
    Fields body = call.body();
    return visible(call, id).compose(before -> save(call, id, before, settings(body, before), "key.update"));
  }

  private Future<Answer> setEnabled(Call call, boolean enabled) {
    long id = call.id();
    return visible(call, id).compose(before -> {
      KeySettings s = settings(new Fields(new JsonObject()), before);
      return save(call, id, before, new KeySettings(s.name(), s.models(), s.allowedProviders(), s.rpm(), s.tpm(),
        s.maxConcurrency(), s.budgetMicros(), s.expiresAt(), s.ipAllow(), enabled), enabled ? "key.enable" : "key.disable");
    });
  }

  private Future<Answer> save(Call call, long id, KeyDetails before, KeySettings settings, String action) {
    return keys.update(id, settings).compose(row -> AdminError.presentOr404(row, "key")).map(KeyJson::key)
      .compose(after -> audit.ok(call, action, "api_key", id, KeyJson.key(before), after).compose(v -> {
        announcer.changed(ConfigChanged.API_KEY, id);
        return Answer.ok(after);
      }));
  }

  private Future<Answer> delete(Call call) {
    long id = call.id();
    return visible(call, id).compose(before -> keys.delete(id)
      .compose(v -> audit.ok(call, "key.delete", "api_key", id, KeyJson.key(before), null))
      .compose(v -> {
        announcer.changed(ConfigChanged.API_KEY, id);
        return Answer.noContent();
      }));
  }

  /** Same id and settings, a new secret returned once; the old secret stops working at once. */
  private Future<Answer> rotate(Call call) {
    long id = call.id();
    String key = newKey();
    return visible(call, id).compose(before -> keys.rotate(id, ApiKeys.sha256Hex(key), ApiKeys.displayPrefix(key))
      .compose(row -> AdminError.presentOr404(row, "key")).map(KeyJson::key)
      .compose(after -> audit.ok(call, "key.rotate", "api_key", id, KeyJson.key(before), after).compose(v -> {
        announcer.changed(ConfigChanged.API_KEY, id);
        return Answer.ok(after.copy().put("key", key));
      })));
  }

  /** The key if the caller may see it; someone else's key is "not found" to a user. */
  private Future<KeyDetails> visible(Call call, long id) {
    return keys.find(id).compose(key -> key == null || !call.admin() && key.key().userId() != call.caller().id()
      ? Future.failedFuture(AdminError.notFound("key")) : Future.succeededFuture(key));
  }

  /** Settings from the body over {@code current} (null on create, where name is required). */
  private static KeySettings settings(Fields body, KeyDetails details) {
    ApiKey current = details == null ? null : details.key();
    String name = current == null ? body.requiredName("name") : body.name("name", current.name());
    if (name.isBlank() || name.length() > ApiKeyStore.MAX_NAME) {
      throw AdminError.badField("name", "must be 1 to " + ApiKeyStore.MAX_NAME + " characters");
    }
    List<String> models = body.strings("models", current == null ? List.of("*") : current.models());
    List<String> providers = body.strings("allowedProviders", current == null ? List.of()
      : current.allowedProviders());
    for (int i = 0; i < providers.size(); i++) {
      if (!ProviderKind.wireNames().contains(providers.get(i))) {
        throw AdminError.badField("allowedProviders[" + i + "]", "must be one of " + ProviderKind.wireNames());
      }
    }
    List<String> ipAllow = body.strings("ipAllow", current == null ? List.of() : current.ipAllow());
    for (int i = 0; i < ipAllow.size(); i++) {
      try {
        IpAllowList.validate(ipAllow.get(i));
      } catch (IllegalArgumentException e) {
        throw AdminError.badField("ipAllow[" + i + "]", "must be an IP address or CIDR block");
      }
    }
    Instant expires = body.instant("expiresAt", current == null ? null : current.expiresAt());
    return new KeySettings(name, models, providers,
      body.wholeInt("rpm", current == null ? null : current.rpm(), 1),
      body.wholeInt("tpm", current == null ? null : current.tpm(), 1),
      body.wholeInt("maxConcurrency", current == null ? null : current.maxConcurrency(), 1),
      body.whole("budgetMicros", current == null ? null : current.budgetMicros(), 0),
      expires, ipAllow, body.bool("enabled", current == null || current.enabled()));
  }

  /** {@code sb-} and 43 URL-safe characters: 256 bits from SecureRandom. */
  private static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "sb-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
