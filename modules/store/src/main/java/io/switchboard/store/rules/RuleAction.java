package io.switchboard.store.rules;

import java.util.List;

/**
 * What a firing rule does: {@code disable} (sets the account's {@code status}: disabled, invalid, overloaded or
 * rate_limited; until the rule's re-enable delay when it has one), {@code ban} (status banned, no re-enable),
 * {@code alert} (POSTs a JSON body to {@code url}) or {@code log} (a log line).
 */
public record RuleAction(String type, String status, String url) {
  public static final List<String> TYPES = List.of("disable", "ban", "alert", "log");
  /** The statuses a disable action may set. */
  public static final List<String> DISABLE_STATUSES = List.of("disabled", "invalid", "overloaded", "rate_limited");

  /** The words a hit records for this action ("disable:overloaded", "ban", "alert", "log"). */
  public String label() {
    return type.equals("disable") ? "disable:" + status : type;
  }
}
