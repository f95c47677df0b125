package io.switchboard.store.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator the admin API answers 400s with: each error names the bad part by its path. */
class RuleValidatorTest {

  private static JsonObject rule(JsonObject condition) {
    return new JsonObject().put("name", "r").put("condition", condition)
      .put("actions", new JsonArray().add(new JsonObject().put("type", "log")));
  }

  @Test
  void aValidRuleHasNoErrorsAndParsesWithItsDefaults() {
    JsonObject json = rule(new JsonObject().put("type", "status").put("equals", 529))
      .put("scope", new JsonObject().put("type", "provider").put("provider", "anthropic"))
      .put("actions", new JsonArray().add(new JsonObject().put("type", "disable").put("status", "overloaded")));
    assertEquals(List.of(), RuleValidator.validate(json));
    RuleDefinition rule = RuleDefinition.parse(json);
    assertEquals(1, rule.thresholdCount());
    assertEquals(60, rule.windowSeconds());
    assertEquals(0, rule.cooldownSeconds());
    assertEquals("enforce", rule.mode());
    assertEquals(new RuleScope("provider", "anthropic"), rule.scope());
    assertEquals(List.of("disable:overloaded"), rule.actions().stream().map(RuleAction::label).toList());
  }

  @Test
  void aBadRegexIsNamedByItsPath() {
    JsonObject json = rule(new JsonObject().put("all", new JsonArray()
      .add(new JsonObject().put("type", "status").put("equals", 401))
      .add(new JsonObject().put("type", "bodyMatches").put("regex", "ab(c"))));
    assertEquals(List.of("condition.all[1].regex: Unclosed group near index 4"), RuleValidator.validate(json));
  }

  @Test
  void aBadJsonPathIsNamedByItsPath() {
    JsonObject json = rule(new JsonObject().put("type", "jsonPath").put("jsonPath", "$.error.").put("value", "x"));
    List<String> errors = RuleValidator.validate(json);
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("condition.jsonPath: Path must not end with a '.' or '..'", errors.get(0));
  }

  @Test
  void everyBadPartIsReportedAtOnce() {
    JsonObject json = new JsonObject().put("name", "").put("mode", "loud").put("colour", "red")
      .put("scope", new JsonObject().put("type", "account").put("accountId", "seven"))
      .put("condition", new JsonObject().put("any", new JsonArray()
        .add(new JsonObject().put("type", "status").put("in", new JsonArray().add(401).add(1200)))
        .add(new JsonObject().put("type", "errorClass").put("in", new JsonArray().add("gremlins")))
        .add(new JsonObject().put("type", "header").put("regex", "x"))
        .add(new JsonObject().put("type", "latencyAbove").put("ms", -1))
        .add(new JsonObject().put("type", "jsonPath").put("jsonPath", "$.a").put("op", "gt").put("value", "ten"))
        .add(new JsonObject().put("type", "telepathy"))))
      .put("threshold", new JsonObject().put("count", 0))
      .put("actions", new JsonArray().add(new JsonObject().put("type", "alert").put("url", "ftp://x"))
        .add(new JsonObject().put("type", "disable").put("status", "asleep")));
    assertEquals(List.of(
      "colour: unknown key",
      "name: must be a non-empty string of at most 100 characters",
      "mode: must be one of [enforce, observe]",
      "scope.accountId: must be an account id",
      "condition.any[0].in[1]: must be an HTTP status code (0 for no response)",
      "condition.any[1].in[0]: unknown error class gremlins (known: " + io.switchboard.api.ErrorClass.wireNames() + ")",
      "condition.any[2].name: must be a non-empty string",
      "condition.any[3].ms: must be a whole number of milliseconds, 0 or more",
      "condition.any[4].value: must be a number for op gt",
      "condition.any[5].type: unknown condition type 'telepathy' (known: status, bodyContains, bodyMatches, header, "
        + "jsonPath, latencyAbove, errorClass)",
      "threshold.count: must be a whole number from 1 to 100000",
      "actions[0].url: must be an http(s) URL",
      "actions[1].status: must be one of [disabled, invalid, overloaded, rate_limited]"), RuleValidator.validate(json));
  }

  @Test
  void structuralMistakesAreNamed() {
    assertEquals(List.of("condition: is required", "actions: must be a non-empty list (disable, ban, alert, log)"),
      RuleValidator.validate(new JsonObject().put("name", "r")));
    assertEquals(List.of("condition.all: must be a non-empty list of conditions"),
      RuleValidator.validate(rule(new JsonObject().put("all", new JsonArray()))));
    assertEquals(List.of("condition: status needs exactly one of \"equals\", \"in\", or \"min\" and \"max\""),
      RuleValidator.validate(rule(new JsonObject().put("type", "status").put("equals", 1).put("min", 2))));
    assertEquals(List.of("condition.regx: unknown key (known: regex, type)", "condition.regex: must be a non-empty string"),
      RuleValidator.validate(rule(new JsonObject().put("type", "bodyMatches").put("regx", "a"))));
    assertEquals(List.of("actions: at most one disable or ban action"), RuleValidator.validate(
      rule(new JsonObject().put("type", "status").put("equals", 500)).put("actions", new JsonArray()
        .add(new JsonObject().put("type", "ban")).add(new JsonObject().put("type", "disable")))));
  }

  @Test
  void parseThrowsWithTheSameErrors() {
    JsonObject json = rule(new JsonObject().put("type", "bodyMatches").put("regex", "["));
    InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> RuleDefinition.parse(json));
    assertEquals(RuleValidator.validate(json), e.errors());
  }
}
