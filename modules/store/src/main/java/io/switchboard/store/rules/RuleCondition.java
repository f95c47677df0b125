package io.switchboard.store.rules;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a rule's condition tree, parsed and compiled by {@link RuleConditionParser}. {@link #match} returns
 * the evidence (what matched, short and human-readable) when the outcome matches, or null when it does not.
 */
public sealed interface RuleCondition {
  /** Longest piece of upstream text quoted in evidence. */
  int EVIDENCE_CHARS = 200;

  String match(Outcome outcome);

  /** AND: every child matches; the evidence of all of them. */
  record All(List<RuleCondition> children) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      StringJoiner evidence = new StringJoiner("; ");
      for (RuleCondition child : children) {
        String matched = child.match(outcome);
        if (matched == null) {
          return null;
        }
        evidence.add(matched);
      }
      return evidence.toString();
    }
  }

  /** OR: some child matches; the evidence of the first that does. */
  record Any(List<RuleCondition> children) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      for (RuleCondition child : children) {
        String matched = child.match(outcome);
        if (matched != null) {
          return matched;
        }
      }
      return null;
    }
  }

  /** Upstream status in a set (one value for "equals") or in an inclusive range; 0 means no response arrived. */
  record Status(Set<Integer> in, int min, int max) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      int status = outcome.status();
      boolean matched = in.isEmpty() ? status >= min && status <= max : in.contains(status);
      return matched ? "status " + status : null;
    }
  }

  /** The error body contains a text (case-insensitive unless asked otherwise). */
  record BodyContains(String text, boolean ignoreCase) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      String body = outcome.body();
      if (body == null) {
        return null;
      }
      boolean found = ignoreCase ? body.toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT))
        : body.contains(text);
      return found ? "body contains \"" + clip(text) + "\"" : null;
    }
  }

  /** Some part of the error body matches a regular expression. */
  record BodyMatches(Pattern regex) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      if (outcome.body() == null) {
        return null;
      }
      Matcher matcher = regex.matcher(outcome.body());
      return matcher.find() ? "body matched \"" + clip(matcher.group()) + "\"" : null;
    }
  }

  /** A response header (lower-case name) is present and matches a regular expression. */
  record HeaderMatches(String name, Pattern regex) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      String value = outcome.headers().get(name);
      return value != null && regex.matcher(value).find() ? "header " + name + ": \"" + clip(value) + "\"" : null;
    }
  }

  /** The attempt took longer than a number of milliseconds. */
  record LatencyAbove(long ms) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      return outcome.latencyMs() > ms ? "latency " + outcome.latencyMs() + " ms > " + ms + " ms" : null;
    }
  }

  /** The attempt failed with one of the named error classes. */
  record ErrorClassIn(Set<ErrorClass> in) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      return outcome.errorClass() != null && in.contains(outcome.errorClass())
        ? "error class " + outcome.errorClass().wireName() : null;
    }
  }

  /** A JSON path into the error body compared with a value; see {@link JsonPathCondition}. */
  record JsonPathMatch(JsonPathCondition test) implements RuleCondition {
    @Override
    public String match(Outcome outcome) {
      return test.match(outcome.body());
    }
  }

  static String clip(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= EVIDENCE_CHARS ? flat : flat.substring(0, EVIDENCE_CHARS) + "…";
  }
}
