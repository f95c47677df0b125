package io.switchboard.store.rules;

import java.time.Instant;
import java.util.List;

/**
 * One firing of a rule on an account: when, in which mode, the outcome that crossed the threshold (request,
 * status, error class), the evidence (what matched), the matches counted in the window, and the actions taken
 * (in observe mode: none, the log line aside). {@code id} is 0 before the row is written.
 */
public record RuleHit(long id, long ruleId, long accountId, Instant at, String mode, String requestId, int status,
                      String errorClass, String evidence, int matches, List<String> actions) {

  public RuleHit {
    actions = List.copyOf(actions);
  }
}
