package io.switchboard.store.rules;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A JSON path (Jayway json-path syntax, e.g. {@code $.error.code}) read from an error body and compared with a
 * value: {@code equals}, {@code contains} (text contains, or a list holds), {@code exists}, {@code gt}, {@code lt}
 * (numbers). A path that selects several values matches when any of them does. A body that is not JSON (or is cut
 * short) matches nothing.
 */
public final class JsonPathCondition {
  /** The comparisons a JSON path condition supports. */
  public static final List<String> OPS = List.of("equals", "contains", "exists", "gt", "lt");
  private static final Configuration JSON = Configuration.defaultConfiguration();
  private final String source;
  private final JsonPath path;
  private final String op;
  private final Object value;

  /** Compiles the path; throws {@link com.jayway.jsonpath.InvalidPathException} naming what is wrong with it. */
  JsonPathCondition(String source, String op, Object value) {
    this.source = source;
    this.path = JsonPath.compile(source);
    this.op = op;
    this.value = value;
  }

  /** The evidence when the body matches, else null. */
  String match(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    Object found;
    try {
      Object document = JSON.jsonProvider().parse(body);
      found = path.read(document, JSON);
    } catch (PathNotFoundException missing) {
      return null;
    } catch (RuntimeException notJson) {
      return null;
    }
    List<?> candidates = !path.isDefinite() && found instanceof List<?> list ? list : java.util.Collections.singletonList(found);
    if ("exists".equals(op)) {
      return candidates.isEmpty() ? null : source + " exists";
    }
    for (Object candidate : candidates) {
      if (test(candidate)) {
        return source + " = " + RuleCondition.clip(String.valueOf(candidate));
      }
    }
    return null;
  }

  private boolean test(Object candidate) {
    return switch (op) {
      case "equals" -> same(candidate, value);
      case "contains" -> candidate instanceof Collection<?> items ? items.stream().anyMatch(i -> same(i, value))
        : candidate instanceof String text && text.contains(String.valueOf(value));
      case "gt" -> compare(candidate) > 0;
      case "lt" -> compare(candidate) < 0;
      default -> false;
    };
  }

  /** candidate compared with the value as numbers; 0 (no match either way) when either is not a number. */
  private int compare(Object candidate) {
    BigDecimal a = number(candidate);
    BigDecimal b = number(value);
    return a == null || b == null ? 0 : Integer.signum(a.compareTo(b));
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    BigDecimal na = number(a);
    BigDecimal nb = number(b);
    if (na != null && nb != null) {
      return na.compareTo(nb) == 0;
    }
    if (a instanceof Map<?, ?> || a instanceof Collection<?>) {
      return false;
    }
    return String.valueOf(a).equals(String.valueOf(b));
  }

  private static BigDecimal number(Object o) {
    if (o instanceof Number n) {
      try {
        return new BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
