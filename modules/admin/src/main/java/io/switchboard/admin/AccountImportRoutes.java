package io.switchboard.admin;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.Account;
import io.switchboard.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream keys in bulk (admin only). An import takes many keys for one provider and base URL (a list, or text with
 * one per line) and creates one account each with the settings of the rest of the body, named
 * {@code <namePrefix>-<n>}, numbered on from the highest such name there is; a key some account already holds, or
 * repeated in the import, is skipped by its fingerprint (the start of the key's SHA-256, which reveals nothing of
 * it), and the answer reports each line. An export lists every account with its settings, its key masked and its
 * fingerprint, as JSON or CSV. Both are audited, without a key in the row.
 */
final class AccountImportRoutes {
  static final int MAX_KEYS = 10_000;
  private static final List<String> CSV_COLUMNS = List.of("id", "name", "provider", "baseUrl", "credential",
    "fingerprint", "models", "groups", "priority", "weight", "status", "quota", "proxy", "headers");
  private final AccountStore accounts;
  private final AccountFields fields;
  private final AccountQuotaFields quotas;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  AccountImportRoutes(AccountStore accounts, AccountFields fields, AccountQuotaFields quotas, AuditTrail audit,
                      ConfigAnnouncer announcer) {
    this.accounts = accounts;
    this.fields = fields;
    this.quotas = quotas;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("importAccounts", this::importKeys);
    ops.put("exportAccounts", this::export);
  }

  /** The short fingerprint of a key: the start of its SHA-256. */
  static String fingerprint(String key) {
    return ApiKeys.sha256Hex(key).substring(0, 12);
  }

  private Future<Answer> importKeys(Call call) {
    JsonObject body = call.body().json();
    List<String> keys = keys(body.getValue("keys"));
    String prefix = new Fields(body).text("namePrefix", "imported");
    if (!prefix.matches("[A-Za-z0-9._-]{1,48}")) {
      throw AdminError.badField("namePrefix", "may hold letters, digits and . _ - (at most 48)");
    }
    JsonObject shared = body.copy();
    shared.remove("keys");
    shared.remove("namePrefix");
    // the shared settings are checked once, before any account is written
    fields.fromBody(new Fields(shared.copy().put("name", prefix).put("apiKey", "")), null);
    AccountQuotaFields.Change quota = AccountQuotaFields.read(new Fields(shared), null);
    return accounts.listAll().compose(existing -> {
      Map<String, String> held = new HashMap<>();
      for (Account account : existing) {
        String plain = fields.credential(account);
        if (plain != null && !plain.isEmpty()) {
          held.putIfAbsent(fingerprint(plain), account.name());
        }
      }
      Report report = new Report();
      int number = nextNumber(prefix, existing);
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < keys.size(); i++) {
        int line = i + 1;
        String key = keys.get(i);
        String print = fingerprint(key);
        if (held.containsKey(print)) {
          report.skipped(line, print, held.get(print));
          continue;
        }
        String name = prefix + "-" + number++;
        held.put(print, name);
        Account row = fields.fromBody(new Fields(shared.copy().put("name", name).put("apiKey", key)), null);
        chain = chain.compose(v -> accounts.create(row)
          .compose(created -> quotas.apply(created.id(), quota).map(created))
          .onSuccess(created -> report.created(line, print, created, fields.view(created)))
          .recover(failure -> {
            report.failed(line, print, failure instanceof io.vertx.pgclient.PgException pg
              && "23505".equals(pg.getSqlState()) ? "an account is already named " + name : "not written");
            return Future.succeededFuture();
          }).mapEmpty());
      }
      return chain.map(v -> report);
    }).compose(report -> audit.ok(call, "account.import", "account", null, null, report.summary(shared))
      .map(v -> {
        if (!report.createdIds.isEmpty()) {
          announcer.changed(ConfigChanged.ACCOUNT, null);
        }
        return new Answer(200, report.json(), "application/json");
      }));
  }

  /** One past the highest n of the accounts named {@code <prefix>-<n>}: an import goes on where the last left off. */
  private static int nextNumber(String prefix, List<Account> existing) {
    int highest = 0;
    for (Account account : existing) {
      String name = account.name();
      if (name.startsWith(prefix + "-") && name.substring(prefix.length() + 1).matches("[0-9]{1,9}")) {
        highest = Math.max(highest, Integer.parseInt(name.substring(prefix.length() + 1)));
      }
    }
    return highest + 1;
  }

  /** The keys of the body: a list, or text with one per line (blank lines and # comments left out). */
  private static List<String> keys(Object value) {
    List<String> keys = new ArrayList<>();
    if (value instanceof String text) {
      for (String line : text.split("\\r?\\n")) {
        String key = line.trim();
        if (!key.isEmpty() && !key.startsWith("#")) {
          keys.add(key);
        }
      }
    } else if (value instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof String key) || key.isBlank()) {
          throw AdminError.badField("keys[" + i + "]", "must be a key");
        }
        keys.add(key.trim());
      }
    } else {
      throw AdminError.badField("keys", "must be a list of keys, or text with one key per line");
    }
    if (keys.isEmpty()) {
      throw AdminError.badField("keys", "holds no key");
    }
    if (keys.size() > MAX_KEYS) {
      throw AdminError.badField("keys", "may hold at most " + MAX_KEYS + " keys");
    }
    return keys;
  }

  private Future<Answer> export(Call call) {
    String provider = call.query("provider");
    return accounts.listAll().compose(all -> {
      List<JsonObject> rows = new ArrayList<>();
      for (Account account : all) {
        if (provider == null || provider.equals(account.provider())) {
          String plain = fields.credential(account);
          rows.add(fields.view(account).put("fingerprint", plain == null || plain.isEmpty() ? null
            : fingerprint(plain)));
        }
      }
      JsonObject after = new JsonObject().put("accounts", rows.size()).put("provider", provider)
        .put("format", "csv".equals(call.query("format")) ? "csv" : "json");
      return audit.ok(call, "account.export", "account", null, null, after).map(v -> "csv".equals(call.query("format"))
        ? CsvExport.of(call, "accounts.csv", CSV_COLUMNS, rows) : new Answer(200, new JsonArray(new ArrayList<>(rows)),
        "application/json"));
    });
  }

  /** What an import did, line by line. */
  private static final class Report {
    final JsonArray created = new JsonArray();
    final JsonArray skipped = new JsonArray();
    final JsonArray failed = new JsonArray();
    final List<Long> createdIds = new ArrayList<>();

    void created(int line, String fingerprint, Account account, JsonObject view) {
      createdIds.add(account.id());
      created.add(new JsonObject().put("line", line).put("fingerprint", fingerprint).put("id", account.id())
        .put("name", account.name()).put("credential", view.getString("credential")));
    }

    void skipped(int line, String fingerprint, String holder) {
      skipped.add(new JsonObject().put("line", line).put("fingerprint", fingerprint).put("reason", "duplicate")
        .put("account", holder));
    }

    void failed(int line, String fingerprint, String reason) {
      failed.add(new JsonObject().put("line", line).put("fingerprint", fingerprint).put("reason", reason));
    }

    JsonObject json() {
      return new JsonObject().put("created", created).put("skipped", skipped).put("failed", failed)
        .put("counts", new JsonObject().put("created", created.size()).put("skipped", skipped.size())
          .put("failed", failed.size()));
    }

    /** The audit row: counts and the accounts written, no key. */
    JsonObject summary(JsonObject shared) {
      return new JsonObject().put("provider", shared.getString("provider")).put("baseUrl", shared.getString("baseUrl"))
        .put("created", created.size()).put("skipped", skipped.size()).put("failed", failed.size())
        .put("accountIds", new JsonArray(new ArrayList<>(createdIds)));
    }
  }
}
