package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dry-run found: how many outcomes were evaluated (and the time span they cover), and per account that
 * matched: the matches, the times the rule would have fired (threshold, window and cooldown applied as live) and
 * the evidence of the first match.
 */
public record RuleDryRunReport(int evaluated, long fromEpochMs, long toEpochMs, List<AccountResult> accounts) {

  /** One account's result. */
  public record AccountResult(long accountId, int matches, List<Long> wouldFireAtEpochMs, String firstEvidence) {
    public AccountResult {
      wouldFireAtEpochMs = List.copyOf(wouldFireAtEpochMs);
    }

    JsonObject toJson() {
      return new JsonObject().put("accountId", accountId).put("matches", matches)
        .put("wouldFireAt", new JsonArray(new ArrayList<>(wouldFireAtEpochMs))).put("firstEvidence", firstEvidence);
    }

    static AccountResult fromJson(JsonObject json) {
      List<Long> times = new ArrayList<>();
      json.getJsonArray("wouldFireAt").forEach(t -> times.add(((Number) t).longValue()));
      return new AccountResult(json.getLong("accountId"), json.getInteger("matches"), times,
        json.getString("firstEvidence"));
    }
  }

  public RuleDryRunReport {
    accounts = List.copyOf(accounts);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    accounts.forEach(a -> list.add(a.toJson()));
    return new JsonObject().put("evaluated", evaluated).put("from", fromEpochMs).put("to", toEpochMs)
      .put("accounts", list);
  }

  public static RuleDryRunReport fromJson(JsonObject json) {
    List<AccountResult> accounts = new ArrayList<>();
    json.getJsonArray("accounts").forEach(a -> accounts.add(AccountResult.fromJson((JsonObject) a)));
    return new RuleDryRunReport(json.getInteger("evaluated"), json.getLong("from"), json.getLong("to"), accounts);
  }
}
