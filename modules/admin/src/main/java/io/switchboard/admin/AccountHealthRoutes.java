package io.switchboard.admin;

import io.switchboard.api.CircuitState;
import io.switchboard.store.Account;
import io.switchboard.store.AccountActivityStore;
import io.switchboard.store.AccountActivityStore.Activity;
import io.switchboard.store.AccountActivityStore.Failure;
import io.switchboard.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The accounts' health at a glance (admin only), as the console's dashboard grid and account list show it: each
 * account's status, circuit state, last hour's requests, errors and median latencies, and its newest failed
 * attempt of the last day.
 */
final class AccountHealthRoutes {
  private final AccountStore accounts;
  private final AccountActivityStore activity;
  private final CircuitStates circuits;

  AccountHealthRoutes(AccountStore accounts, AccountActivityStore activity, CircuitStates circuits) {
    this.accounts = accounts;
    this.activity = activity;
    this.circuits = circuits;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listAccountHealth", this::list);
  }

  private Future<Answer> list(Call call) {
    Instant now = Instant.now();
    Future<Map<Long, Activity>> served = activity.servedSince(now.minus(1, ChronoUnit.HOURS));
    Future<Map<Long, Failure>> failures = activity.lastFailures(now.minus(1, ChronoUnit.DAYS));
    Future<List<Account>> listed = accounts.listAll();
    return Future.all(listed, served, failures).compose(all -> {
      JsonArray items = new JsonArray();
      for (Account a : listed.result()) {
        Activity act = served.result().get(a.id());
        Failure failure = failures.result().get(a.id());
        CircuitState circuit = circuits.of(a.id());
        items.add(new JsonObject().put("id", a.id()).put("name", a.name()).put("provider", a.provider())
          .put("status", a.status()).put("statusReason", a.statusReason())
          .put("statusUntil", a.statusUntil() == null ? null : a.statusUntil().toString())
          .put("circuit", circuit == null ? CircuitState.CLOSED : circuit.state())
          .put("circuitSince", circuit == null ? null : Instant.ofEpochMilli(circuit.atEpochMs()).toString())
          .put("lastHour", new JsonObject().put("requests", act == null ? 0 : act.requests())
            .put("errors", act == null ? 0 : act.errors())
            .put("medianLatencyMs", act == null ? null : act.medianLatencyMs())
            .put("medianTtfbMs", act == null ? null : act.medianTtfbMs()))
          .put("lastFailure", failure == null ? null : new JsonObject().put("at", failure.at().toString())
            .put("status", failure.status()).put("errorClass", failure.errorClass())));
      }
      return Answer.ok(new JsonObject().put("items", items).put("at", now.toString()));
    });
  }
}
