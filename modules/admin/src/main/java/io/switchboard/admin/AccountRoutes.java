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
import java.util.Map;

/** Upstream accounts (admin only): credentials are encrypted on write and only ever shown masked. */
final class AccountRoutes {
  private final Vertx vertx;
  private final AccountStore accounts;
  private final long probeTimeoutMs;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;
  private final AccountQuotaFields quotas;
  private final AccountFields fields;

  AccountRoutes(Vertx vertx, AccountStore accounts, AccountQuotaFields quotas, CredentialCipher cipher,
                long probeTimeoutMs, AuditTrail audit, ConfigAnnouncer announcer) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.quotas = quotas;
    this.fields = new AccountFields(cipher);
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
      all.forEach(a -> out.add(fields.view(a)));
      return Answer.ok(out);
    });
  }

  private Future<Answer> get(Call call) {
    return found(call.id()).compose(a -> Answer.ok(fields.view(a)));
  }

  private Future<Answer> create(Call call) {
    Account a = fields.fromBody(call.body(), null);
    AccountQuotaFields.Change quota = AccountQuotaFields.read(call.body(), null);
    return served(a.provider()).compose(v -> accounts.create(a)).compose(created -> quotas.apply(created.id(), quota).compose(v -> found(created.id())))
      .compose(saved -> audit.ok(call, "account.create", "account", saved.id(),
      null, fields.view(saved)).compose(v -> {
        announcer.changed(ConfigChanged.ACCOUNT, saved.id());
        return Answer.created(fields.view(saved));
      }));
  }

  private Future<Answer> update(Call call) {
    long id = call.id();
    Fields body = call.body();
    return found(id).compose(before -> {
      Account changed = fields.fromBody(body, before);
      AccountQuotaFields.Change quota = AccountQuotaFields.read(body, before.quota());
      Future<Void> provider = changed.provider().equals(before.provider()) ? Future.succeededFuture()
        : served(changed.provider());
      return provider.compose(v -> accounts.update(changed))
        .compose(row -> AdminError.presentOr404(row, "account"))
        .compose(row -> quotas.apply(id, quota).compose(v -> found(id)))
        .compose(after -> audit.ok(call, "account.update", "account", id, fields.view(before), fields.view(after))
          .compose(v -> {
            announcer.changed(ConfigChanged.ACCOUNT, id);
            return Answer.ok(fields.view(after));
          }));
    });
  }

  private Future<Answer> delete(Call call) {
    long id = call.id();
    return found(id).compose(before -> accounts.delete(id)
      .compose(v -> audit.ok(call, "account.delete", "account", id, fields.view(before), null))
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
}
