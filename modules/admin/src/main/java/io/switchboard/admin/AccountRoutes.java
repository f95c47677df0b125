package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ProbeRequest;
import io.switchboard.api.ProbeResult;
import io.switchboard.api.ProviderKind;
import io.switchboard.store.Account;
import io.switchboard.store.AccountStore;
import io.switchboard.store.CredentialCipher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Upstream accounts (admin only): credentials are encrypted on write and only ever shown masked. */
final class AccountRoutes {
  static final Set<String> STATUSES = Set.of("active", "disabled", "banned", "rate_limited", "overloaded", "invalid");
  private final Vertx vertx;
  private final AccountStore accounts;
  private final CredentialCipher cipher;
  private final long probeTimeoutMs;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  AccountRoutes(Vertx vertx, AccountStore accounts, CredentialCipher cipher, long probeTimeoutMs, AuditTrail audit,
                ConfigAnnouncer announcer) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.cipher = cipher;
    this.probeTimeoutMs = probeTimeoutMs;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listAccounts", this::list);
    ops.put("createAccount", this::create);
    ops.put("getAccount", this::get);
    ops.put("updateAccount", this::update);
    ops.put("deleteAccount", this::delete);
    ops.put("testAccount", this::test);
  }

  private Future<Answer> list(Call call) {
    return accounts.listAll().compose(all -> {
      JsonArray out = new JsonArray();
      all.forEach(a -> out.add(view(a)));
      return Answer.ok(out);
    });
  }

  private Future<Answer> get(Call call) {
    return found(call.id()).compose(a -> Answer.ok(view(a)));
  }

  private Future<Answer> create(Call call) {
    Account a = fromBody(call.body(), null);
    return served(a.provider()).compose(v -> accounts.create(a))
      .compose(saved -> audit.ok(call, "account.create", "account", saved.id(), null, view(saved)).compose(v -> {
        announcer.changed(ConfigChanged.ACCOUNT, saved.id());
        return Answer.created(view(saved));
      }));
  }

  private Future<Answer> update(Call call) {
    long id = call.id();
    Fields body = call.body();
    return found(id).compose(before -> {
      Account edited = fromBody(body, before);
      Future<Void> provider = edited.provider().equals(before.provider()) ? Future.succeededFuture()
        : served(edited.provider());
      return provider.compose(v -> accounts.update(edited))
        .compose(row -> AdminError.presentOr404(row, "account"))
        .compose(after -> audit.ok(call, "account.update", "account", id, view(before), view(after))
          .compose(v -> {
            announcer.changed(ConfigChanged.ACCOUNT, id);
            return Answer.ok(view(after));
          }));
    });
  }

  private Future<Answer> delete(Call call) {
    long id = call.id();
    return found(id).compose(before -> accounts.delete(id)
      .compose(v -> audit.ok(call, "account.delete", "account", id, view(before), null))
      .compose(v -> {
        announcer.changed(ConfigChanged.ACCOUNT, id);
        return Answer.noContent();
      }));
  }

  /** One minimal request through this account alone, by the adapter of its kind: the upstream's verdict and latency. */
  private Future<Answer> test(Call call) {
    long id = call.id();
    String model = call.body().text("model", null);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(probeTimeoutMs);
    return found(id).compose(account -> vertx.eventBus()
      .<ProbeResult>request(Addresses.providerProbe(account.provider()),
        new ProbeRequest(id, model), options)
      .map(Message::body)
      .recover(failure -> Future.failedFuture(new AdminError(503, "no " + account.provider()
        + " adapter answered the test", null, null)))
      .compose(result -> audit.write(call, "account.test", "account", id, null,
          new JsonObject().put("status", result.status()).put("ok", result.ok()), result.ok() ? "ok" : "failed")
        .compose(v -> Answer.ok(result.toJson()))));
  }

  /**
   * A built-in provider, or one an adapter from a jar serves on some node now: a name no adapter answers to is most
   * likely a typo, refused before it becomes an account no request can reach. The adapter's probe address answers
   * at once with "no handlers" when none listens, anywhere in the cluster.
   */
  private Future<Void> served(String provider) {
    if (ProviderKind.wireNames().contains(provider)) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().request(Addresses.providerProbe(provider), new ProbeRequest(0, null),
        new DeliveryOptions().setSendTimeout(probeTimeoutMs))
      .<Void>mapEmpty()
      .recover(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
        ? Future.failedFuture(AdminError.badField("provider", "must be one of " + ProviderKind.wireNames()
            + " or a provider an adapter from a jar serves; no adapter serves '" + provider + "'"))
        : Future.succeededFuture()); // an adapter is there, only slow
  }

  private Future<Account> found(long id) {
    return accounts.find(id).compose(a -> a == null ? Future.failedFuture(AdminError.notFound("account"))
      : Future.succeededFuture(a));
  }

  /** An account from the body over {@code current} (null on create). The credential is encrypted here. */
  private Account fromBody(Fields body, Account current) {
    String name = current == null ? body.requiredText("name") : body.text("name", current.name());
    String provider = current == null ? body.requiredText("provider") : body.text("provider", current.provider());
    if (!ProviderKind.providerName(provider)) {
      throw AdminError.badField("provider", "must be one of " + ProviderKind.wireNames()
        + " or a provider an adapter from a jar serves (lower-case letters, digits and dashes)");
    }
    String baseUrl = current == null ? body.requiredText("baseUrl") : body.text("baseUrl", current.baseUrl());
    try {
      URI uri = new URI(baseUrl);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw AdminError.badField("baseUrl", "must be an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw AdminError.badField("baseUrl", "must be an http(s) URL");
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String apiKey = body.text("apiKey", null);
    byte[] credential = apiKey != null ? cipher.encrypt(apiKey)
      : current != null ? current.credential() : cipher.encrypt("");
    List<String> models = body.strings("models", current == null ? List.of() : current.models());
    JsonObject aliasJson = body.object("aliases", null);
    Map<String, String> aliases = current == null ? Map.of() : current.aliases();
    if (aliasJson != null) {
      Map<String, String> parsed = new HashMap<>();
      aliasJson.forEach(e -> {
        if (!(e.getValue() instanceof String target) || target.isBlank()) {
          throw AdminError.badField("aliases." + e.getKey(), "must name the upstream model");
        }
        parsed.put(e.getKey(), target);
      });
      aliases = parsed;
    }
    if (models.isEmpty() && aliases.isEmpty()) {
      throw AdminError.badField("models", "must list at least one model");
    }
    JsonObject options = body.object("options", current == null ? new JsonObject() : current.options());
    int priority = body.wholeInt("priority", current == null ? 0 : current.priority(), Integer.MIN_VALUE);
    int weight = body.wholeInt("weight", current == null ? 1 : current.weight(), 1);
    List<String> groups = body.strings("groups", current == null ? List.of("default") : current.groups());
    String status = body.oneOf("status", current == null ? "active" : current.status(), STATUSES);
    String reason = body.text("statusReason", current == null ? null : current.statusReason());
    Instant until = body.instant("statusUntil", current == null ? null : current.statusUntil());
    if (body.has("status") && !body.has("statusReason")) {
      reason = null; // a new status does not inherit the old one's reason
    }
    return new Account(current == null ? 0 : current.id(), name, provider, baseUrl, credential, models, aliases,
      options, priority, weight, status, groups, reason, until);
  }

  /** The account as the API shows it: the credential masked to its last four characters at most. */
  private JsonObject view(Account a) {
    String plain;
    try {
      plain = a.credential() == null ? "" : cipher.decrypt(a.credential());
    } catch (IllegalStateException unreadable) {
      plain = null;
    }
    JsonObject aliases = new JsonObject();
    a.aliases().forEach(aliases::put);
    return new JsonObject().put("id", a.id()).put("name", a.name()).put("provider", a.provider())
      .put("baseUrl", a.baseUrl()).put("credential", plain == null ? "(unreadable: wrong master key)" : mask(plain))
      .put("models", new JsonArray(a.models())).put("aliases", aliases).put("options", a.options())
      .put("priority", a.priority()).put("weight", a.weight()).put("groups", new JsonArray(a.groups()))
      .put("status", a.status()).put("statusReason", a.statusReason())
      .put("statusUntil", a.statusUntil() == null ? null : a.statusUntil().toString());
  }

  /** "…f3a9" for a credential of 16 characters or more, "…" for anything shorter (too little to reveal any). */
  static String mask(String credential) {
    if (credential.isEmpty()) {
      return "";
    }
    return credential.length() >= 16 ? "…" + credential.substring(credential.length() - 4) : "…";
  }
}
