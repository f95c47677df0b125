package io.switchboard.rules;

import io.switchboard.api.Outcome;
import io.switchboard.api.RuleDryRunReport;
import io.switchboard.store.AccountStatusStore.ScopeInfo;
import io.switchboard.store.rules.RuleDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays recorded outcomes (oldest first) through a rule exactly as the live engine counts them — scope,
 * condition, per-account sliding window and threshold, cooldown after a firing, one count per request — using
 * the outcomes' own times, and reports per account the matches and when the rule would have fired.
 */
final class DryRun {
  private DryRun() {
  }

  static RuleDryRunReport evaluate(RuleDefinition rule, List<Outcome> outcomes, Map<Long, ScopeInfo> accounts) {
    Map<Long, AccountReplay> replays = new TreeMap<>();
    for (Outcome outcome : outcomes) {
      ScopeInfo scope = accounts.get(outcome.accountId());
      String provider = scope == null ? outcome.providerKind().wireName() : scope.provider();
      String evidence = rule.match(outcome, provider, scope == null ? List.of() : scope.groups());
      if (evidence != null) {
        replays.computeIfAbsent(outcome.accountId(), id -> new AccountReplay()).match(rule, outcome, evidence);
      }
    }
    List<RuleDryRunReport.AccountResult> results = new ArrayList<>();
    replays.forEach((id, replay) -> results.add(new RuleDryRunReport.AccountResult(id, replay.matches, replay.fired,
      replay.firstEvidence)));
    long from = outcomes.isEmpty() ? 0 : outcomes.get(0).atEpochMs();
    long to = outcomes.isEmpty() ? 0 : outcomes.get(outcomes.size() - 1).atEpochMs();
    return new RuleDryRunReport(outcomes.size(), from, to, results);
  }

  /** One account's window, cooldown and findings, mirroring {@code RuleMatchCounter}'s script. */
  private static final class AccountReplay {
    private final Set<String> seen = new HashSet<>();
    private final Deque<Long> window = new ArrayDeque<>();
    private final List<Long> fired = new ArrayList<>();
    private long cooldownUntil = Long.MIN_VALUE;
    private int matches;
    private String firstEvidence;

    void match(RuleDefinition rule, Outcome outcome, String evidence) {
      if (!seen.add(outcome.requestId())) {
        return;
      }
      matches++;
      if (firstEvidence == null) {
        firstEvidence = evidence;
      }
      long now = outcome.atEpochMs();
      long windowMs = rule.windowSeconds() * 1000L;
      window.removeIf(t -> t <= now - windowMs);
      window.add(now);
      if (window.size() >= rule.thresholdCount() && now >= cooldownUntil) {
        fired.add(now);
        window.clear();
        cooldownUntil = now + rule.cooldownSeconds() * 1000L;
      }
    }
  }
}
