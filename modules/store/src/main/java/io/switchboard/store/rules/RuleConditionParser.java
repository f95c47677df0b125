package io.switchboard.store.rules;

import com.jayway.jsonpath.InvalidPathException;
import io.switchboard.api.ErrorClass;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses a condition tree: {@code {"all":[...]}} (AND), {@code {"any":[...]}} (OR), or a leaf with a {@code type}:
 * {@code status} ({@code equals} | {@code in} | {@code min}+{@code max}), {@code bodyContains} ({@code text},
 * {@code ignoreCase}), {@code bodyMatches} ({@code regex}), {@code header} ({@code name}, {@code regex}),
 * {@code jsonPath} ({@code jsonPath}, {@code op}, {@code value}), {@code latencyAbove} ({@code ms}),
 * {@code errorClass} ({@code in}). Every problem is reported with the path of the bad part.
 */
final class RuleConditionParser {
  private static final int MAX_DEPTH = 8;
  private static final int MAX_PATTERN = 2000;
  private final List<String> errors;

  RuleConditionParser(List<String> errors) {
    this.errors = errors;
  }

  /** The compiled condition, or null when there were errors (added to the list). */
  RuleCondition parse(String at, Object node) {
    return parse(at, node, 0);
  }

  private RuleCondition parse(String at, Object node, int depth) {
    if (!(node instanceof JsonObject json)) {
      return fail(at, "must be an object");
    }
    if (depth > MAX_DEPTH) {
      return fail(at, "nested deeper than " + MAX_DEPTH + " levels");
    }
    if (json.containsKey("all") || json.containsKey("any")) {
      String kind = json.containsKey("all") ? "all" : "any";
      onlyKeys(at, json, Set.of(kind));
      if (!(json.getValue(kind) instanceof JsonArray children) || children.isEmpty()) {
        return fail(at + "." + kind, "must be a non-empty list of conditions");
      }
      List<RuleCondition> parsed = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        parsed.add(parse(at + "." + kind + "[" + i + "]", children.getValue(i), depth + 1));
      }
      if (parsed.contains(null)) {
        return null;
      }
      return kind.equals("all") ? new RuleCondition.All(List.copyOf(parsed)) : new RuleCondition.Any(List.copyOf(parsed));
    }
    Object type = json.getValue("type");
    if (!(type instanceof String)) {
      return fail(at, "needs \"all\", \"any\" or a \"type\" (status, bodyContains, bodyMatches, header, jsonPath, "
        + "latencyAbove, errorClass)");
    }
    return switch ((String) type) {
      case "status" -> status(at, json);
      case "bodyContains" -> {
        onlyKeys(at, json, Set.of("type", "text", "ignoreCase"));
        String text = text(at, json, "text");
        Object ignoreCase = json.getValue("ignoreCase", true);
        if (!(ignoreCase instanceof Boolean)) {
          yield fail(at + ".ignoreCase", "must be true or false");
        }
        yield text == null ? null : new RuleCondition.BodyContains(text, (Boolean) ignoreCase);
      }
      case "bodyMatches" -> {
        onlyKeys(at, json, Set.of("type", "regex"));
        Pattern regex = regex(at, json);
        yield regex == null ? null : new RuleCondition.BodyMatches(regex);
      }
      case "header" -> {
        onlyKeys(at, json, Set.of("type", "name", "regex"));
        String name = text(at, json, "name");
        Pattern regex = regex(at, json);
        yield name == null || regex == null ? null
          : new RuleCondition.HeaderMatches(name.toLowerCase(Locale.ROOT), regex);
      }
      case "jsonPath" -> jsonPath(at, json);
      case "latencyAbove" -> {
        onlyKeys(at, json, Set.of("type", "ms"));
        Object ms = json.getValue("ms");
        if (!(ms instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
          yield fail(at + ".ms", "must be a whole number of milliseconds, 0 or more");
        }
        yield new RuleCondition.LatencyAbove(n.longValue());
      }
      case "errorClass" -> {
        onlyKeys(at, json, Set.of("type", "in"));
        if (!(json.getValue("in") instanceof JsonArray names) || names.isEmpty()) {
          yield fail(at + ".in", "must be a non-empty list of error classes " + ErrorClass.wireNames());
        }
        Set<ErrorClass> in = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
          Object name = names.getValue(i);
          if (!(name instanceof String s) || !ErrorClass.wireNames().contains(s)) {
            fail(at + ".in[" + i + "]", "unknown error class " + name + " (known: " + ErrorClass.wireNames() + ")");
          } else {
            in.add(ErrorClass.fromWire(s));
          }
        }
        yield in.size() == names.size() ? new RuleCondition.ErrorClassIn(Set.copyOf(in)) : null;
      }
      default -> fail(at + ".type", "unknown condition type '" + type + "' (known: status, bodyContains, "
        + "bodyMatches, header, jsonPath, latencyAbove, errorClass)");
    };
  }

  private RuleCondition status(String at, JsonObject json) {
    onlyKeys(at, json, Set.of("type", "equals", "in", "min", "max"));
    boolean equals = json.containsKey("equals");
    boolean in = json.containsKey("in");
    boolean range = json.containsKey("min") || json.containsKey("max");
    if ((equals ? 1 : 0) + (in ? 1 : 0) + (range ? 1 : 0) != 1) {
      return fail(at, "status needs exactly one of \"equals\", \"in\", or \"min\" and \"max\"");
    }
    if (equals) {
      Integer status = statusCode(at + ".equals", json.getValue("equals"));
      return status == null ? null : new RuleCondition.Status(Set.of(status), 0, 0);
    }
    if (in) {
      if (!(json.getValue("in") instanceof JsonArray codes) || codes.isEmpty()) {
        return fail(at + ".in", "must be a non-empty list of status codes");
      }
      Set<Integer> set = new LinkedHashSet<>();
      for (int i = 0; i < codes.size(); i++) {
        set.add(statusCode(at + ".in[" + i + "]", codes.getValue(i)));
      }
      return set.contains(null) ? null : new RuleCondition.Status(Set.copyOf(set), 0, 0);
    }
    Integer min = statusCode(at + ".min", json.getValue("min"));
    Integer max = statusCode(at + ".max", json.getValue("max"));
    if (min == null || max == null) {
      return null;
    }
    if (min > max) {
      return fail(at + ".min", "must not be above max");
    }
    return new RuleCondition.Status(Set.of(), min, max);
  }

  private RuleCondition jsonPath(String at, JsonObject json) {
    onlyKeys(at, json, Set.of("type", "jsonPath", "op", "value"));
    String source = text(at, json, "jsonPath");
    Object op = json.getValue("op", "equals");
    if (!(op instanceof String o) || !JsonPathCondition.OPS.contains(o)) {
      return fail(at + ".op", "must be one of " + JsonPathCondition.OPS);
    }
    Object value = json.getValue("value");
    if (!o.equals("exists") && value == null) {
      return fail(at + ".value", "is required for op " + o);
    }
    if ((o.equals("gt") || o.equals("lt")) && !(value instanceof Number)) {
      return fail(at + ".value", "must be a number for op " + o);
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return fail(at + ".value", "must be a string, number or boolean");
    }
    if (source == null) {
      return null;
    }
    try {
      return new RuleCondition.JsonPathMatch(new JsonPathCondition(source, o, value));
    } catch (InvalidPathException | IllegalArgumentException e) {
      return fail(at + ".jsonPath", e.getMessage() == null ? "invalid JSON path" : e.getMessage());
    }
  }

  private Integer statusCode(String at, Object value) {
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 0 || n.intValue() > 999) {
      fail(at, "must be an HTTP status code (0 for no response)");
      return null;
    }
    return n.intValue();
  }

  private Pattern regex(String at, JsonObject json) {
    String source = text(at, json, "regex");
    if (source == null) {
      return null;
    }
    if (source.length() > MAX_PATTERN) {
      fail(at + ".regex", "longer than " + MAX_PATTERN + " characters");
      return null;
    }
    try {
      return Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      fail(at + ".regex", e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
      return null;
    }
  }

  private String text(String at, JsonObject json, String key) {
    if (!(json.getValue(key) instanceof String s) || s.isEmpty()) {
      fail(at + "." + key, "must be a non-empty string");
      return null;
    }
    return s;
  }

  private void onlyKeys(String at, JsonObject json, Set<String> known) {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        errors.add(at + "." + key + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  private RuleCondition fail(String at, String problem) {
    errors.add(at + ": " + problem);
    return null;
  }
}
