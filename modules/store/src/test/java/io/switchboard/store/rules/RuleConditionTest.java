package io.switchboard.store.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each condition kind, and AND/OR, matched against outcomes: the evidence when it matches, null when not. */
class RuleConditionTest {
  private static final String QUOTA_BODY = "{\"error\":{\"message\":\"You exceeded your current quota\","
    + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\",\"retry\":30,\"tags\":[\"billing\",\"hard\"]}}";

  private static Outcome outcome(int status, ErrorClass errorClass, long latencyMs, Map<String, String> headers,
                                 String body) {
    return new Outcome("req-1", 7, ProviderKind.OPENAI, "gpt-4o-mini", status, errorClass, latencyMs, 10, headers, body,
      1_000L);
  }

  private static Outcome failure(int status, String body) {
    return outcome(status, ErrorClass.CLIENT_ERROR, 50, Map.of(), body);
  }

  private static RuleCondition condition(JsonObject json) {
    return RuleDefinition.parse(new JsonObject().put("name", "t").put("condition", json)
      .put("actions", new JsonArray().add(new JsonObject().put("type", "log")))).condition();
  }

  private static JsonObject leaf(String type) {
    return new JsonObject().put("type", type);
  }

  @Test
  void statusEqualsInAndRange() {
    RuleCondition equals = condition(leaf("status").put("equals", 529));
    assertEquals("status 529", equals.match(failure(529, null)));
    assertNull(equals.match(failure(503, null)));

    RuleCondition in = condition(leaf("status").put("in", new JsonArray().add(401).add(403)));
    assertEquals("status 403", in.match(failure(403, null)));
    assertNull(in.match(failure(404, null)));

    RuleCondition range = condition(leaf("status").put("min", 500).put("max", 599));
    assertEquals("status 500", range.match(failure(500, null)));
    assertEquals("status 599", range.match(failure(599, null)));
    assertNull(range.match(failure(499, null)));
    assertNull(range.match(failure(600, null)));
  }

  @Test
  void bodyContainsIgnoringCaseUnlessAskedNotTo() {
    RuleCondition anyCase = condition(leaf("bodyContains").put("text", "CURRENT QUOTA"));
    assertEquals("body contains \"CURRENT QUOTA\"", anyCase.match(failure(429, QUOTA_BODY)));
    RuleCondition exact = condition(leaf("bodyContains").put("text", "CURRENT QUOTA").put("ignoreCase", false));
    assertNull(exact.match(failure(429, QUOTA_BODY)));
    assertNull(anyCase.match(failure(429, null)), "no body, no match");
  }

  @Test
  void bodyMatchesQuotesWhatMatched() {
    RuleCondition regex = condition(leaf("bodyMatches").put("regex", "exceeded your \\w+ quota"));
    assertEquals("body matched \"exceeded your current quota\"", regex.match(failure(429, QUOTA_BODY)));
    assertNull(regex.match(failure(429, "{\"error\":\"slow down\"}")));
  }

  @Test
  void jsonPathComparisons() {
    Outcome quota = failure(429, QUOTA_BODY);
    assertEquals("$.error.code = insufficient_quota", condition(leaf("jsonPath").put("jsonPath", "$.error.code")
      .put("value", "insufficient_quota")).match(quota));
    assertNull(condition(leaf("jsonPath").put("jsonPath", "$.error.code").put("value", "rate_limit")).match(quota));
    assertEquals("$.error.message = You exceeded your current quota", condition(leaf("jsonPath")
      .put("jsonPath", "$.error.message").put("op", "contains").put("value", "current quota")).match(quota));
    assertEquals("$.error.tags = [\"billing\",\"hard\"]", condition(leaf("jsonPath").put("jsonPath", "$.error.tags")
      .put("op", "contains").put("value", "billing")).match(quota));
    assertEquals("$.error.retry exists", condition(leaf("jsonPath").put("jsonPath", "$.error.retry")
      .put("op", "exists")).match(quota));
    assertNull(condition(leaf("jsonPath").put("jsonPath", "$.error.param").put("op", "exists")).match(quota));
    assertEquals("$.error.retry = 30", condition(leaf("jsonPath").put("jsonPath", "$.error.retry").put("op", "gt")
      .put("value", 29)).match(quota));
    assertNull(condition(leaf("jsonPath").put("jsonPath", "$.error.retry").put("op", "gt").put("value", 30)).match(quota));
    assertEquals("$.error.retry = 30", condition(leaf("jsonPath").put("jsonPath", "$.error.retry").put("op", "lt")
      .put("value", 30.5)).match(quota));
    assertEquals("$..code = insufficient_quota", condition(leaf("jsonPath").put("jsonPath", "$..code")
      .put("value", "insufficient_quota")).match(quota), "a path selecting several values matches on any");
    assertNull(condition(leaf("jsonPath").put("jsonPath", "$.error.code").put("value", "x"))
      .match(failure(500, "{\"error\":{\"code\":")), "a body cut short is no match");
  }

  @Test
  void headerMatchesByLowerCaseName() {
    RuleCondition header = condition(leaf("header").put("name", "X-Error-Kind").put("regex", "^billing"));
    assertEquals("header x-error-kind: \"billing-hold\"",
      header.match(outcome(402, ErrorClass.CLIENT_ERROR, 5, Map.of("x-error-kind", "billing-hold"), null)));
    assertNull(header.match(outcome(402, ErrorClass.CLIENT_ERROR, 5, Map.of("x-error-kind", "auth"), null)));
    assertNull(header.match(outcome(402, ErrorClass.CLIENT_ERROR, 5, Map.of(), null)));
  }

  @Test
  void latencyAboveAndErrorClass() {
    RuleCondition slow = condition(leaf("latencyAbove").put("ms", 30_000));
    assertEquals("latency 30001 ms > 30000 ms", slow.match(outcome(200, null, 30_001, Map.of(), null)));
    assertNull(slow.match(outcome(200, null, 30_000, Map.of(), null)));

    RuleCondition timeouts = condition(leaf("errorClass").put("in", new JsonArray().add("ttfb_timeout").add("connect")));
    assertEquals("error class connect", timeouts.match(outcome(0, ErrorClass.CONNECT, 5, Map.of(), null)));
    assertNull(timeouts.match(outcome(200, null, 5, Map.of(), null)));
    assertNull(timeouts.match(outcome(500, ErrorClass.SERVER_ERROR, 5, Map.of(), null)));
  }

  @Test
  void allNeedsEveryChildAndAnyNeedsOne() {
    JsonObject is401 = leaf("status").put("equals", 401);
    JsonObject saysKey = leaf("bodyMatches").put("regex", "(?i)invalid api key");
    RuleCondition all = condition(new JsonObject().put("all", new JsonArray().add(is401).add(saysKey)));
    RuleCondition any = condition(new JsonObject().put("any", new JsonArray().add(is401).add(saysKey)));
    Outcome both = failure(401, "Invalid API key provided");
    Outcome statusOnly = failure(401, "model not found");
    Outcome bodyOnly = failure(400, "Invalid API key provided");
    Outcome neither = failure(400, "bad request");

    assertEquals("status 401; body matched \"Invalid API key\"", all.match(both));
    assertNull(all.match(statusOnly));
    assertNull(all.match(bodyOnly));
    assertEquals("status 401", any.match(both));
    assertEquals("status 401", any.match(statusOnly));
    assertEquals("body matched \"Invalid API key\"", any.match(bodyOnly));
    assertNull(any.match(neither));

    RuleCondition nested = condition(new JsonObject().put("all", new JsonArray().add(is401)
      .add(new JsonObject().put("any", new JsonArray().add(saysKey).add(leaf("bodyContains").put("text", "expired"))))));
    assertEquals("status 401; body contains \"expired\"", nested.match(failure(401, "token expired")));
    assertNull(nested.match(statusOnly));
  }

  @Test
  void scopeLimitsWhichAccountsARuleWatches() {
    assertEquals(true, new RuleScope("provider", "anthropic").covers(1, "anthropic", List.of()));
    assertEquals(false, new RuleScope("provider", "anthropic").covers(1, "openai", List.of()));
    assertEquals(true, new RuleScope("group", "vip").covers(1, "openai", List.of("default", "vip")));
    assertEquals(false, new RuleScope("group", "vip").covers(1, "openai", List.of("default")));
    assertEquals(true, new RuleScope("account", "7").covers(7, "openai", List.of()));
    assertEquals(false, new RuleScope("account", "7").covers(8, "openai", List.of()));
    assertEquals(true, RuleScope.ALL.covers(8, "gemini", List.of()));
  }
}
