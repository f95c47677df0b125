package io.switchboard.store.rules;

import java.util.List;

/**
 * Which accounts a rule watches: {@code all}, one provider kind ({@code value} = the kind), one user group
 * ({@code value} = the group name) or one account ({@code value} = its id).
 */
public record RuleScope(String type, String value) {
  public static final List<String> TYPES = List.of("all", "provider", "group", "account");
  public static final RuleScope ALL = new RuleScope("all", null);

  /** Whether an account with this id, provider kind and groups is watched by the rule. */
  public boolean covers(long accountId, String provider, List<String> groups) {
    return switch (type) {
      case "provider" -> value.equals(provider);
      case "group" -> groups != null && groups.contains(value);
      case "account" -> value.equals(Long.toString(accountId));
      default -> true;
    };
  }
}
