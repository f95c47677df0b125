package io.switchboard.store.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a rule definition (a pure function: no I/O). The shape:
 * <pre>
 * {"name": "...", "description": "...", "enabled": true, "mode": "enforce" | "observe",
 *  "scope": {"type": "all"} | {"type": "provider", "provider": "anthropic"} | {"type": "group", "group": "vip"}
 *           | {"type": "account", "accountId": 7},
 *  "condition": {...see RuleConditionParser...},
 *  "threshold": {"count": 3, "windowSeconds": 60}, "cooldownSeconds": 0,
 *  "actions": [{"type": "disable", "status": "overloaded"}, {"type": "ban"}, {"type": "alert", "url": "https://..."},
 *              {"type": "log"}],
 *  "reenableAfterSeconds": 120}
 * </pre>
 * Every error names the bad part by its path, e.g. {@code condition.all[1].regex: Unclosed group near index 3}.
 */
public final class RuleValidator {
  private static final Set<String> KEYS = Set.of("id", "name", "description", "enabled", "mode", "scope", "condition",
    "threshold", "cooldownSeconds", "actions", "reenableAfterSeconds", "builtin");
  private static final int MAX_SECONDS = 366 * 24 * 3600;

  private RuleValidator() {
  }

  /** Every problem with the definition; empty when it is valid. */
  public static List<String> validate(JsonObject json) {
    List<String> errors = new ArrayList<>();
    build(json, errors);
    return errors;
  }

  static RuleDefinition parse(JsonObject json) {
    List<String> errors = new ArrayList<>();
    RuleDefinition rule = build(json, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRuleException(errors);
    }
    return rule;
  }

  private static RuleDefinition build(JsonObject json, List<String> errors) {
    if (json == null) {
      errors.add("rule: must be a JSON object");
      return null;
    }
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        errors.add(key + ": unknown key");
      }
    }
    Object name = json.getValue("name");
    if (!(name instanceof String n) || n.isBlank() || n.length() > 100) {
      errors.add("name: must be a non-empty string of at most 100 characters");
    }
    Object description = json.getValue("description", "");
    if (!(description instanceof String)) {
      errors.add("description: must be a string");
    }
    boolean enabled = flag(json, "enabled", true, errors);
    boolean builtin = flag(json, "builtin", false, errors);
    Object mode = json.getValue("mode", "enforce");
    if (!(mode instanceof String) || !RuleDefinition.MODES.contains(mode)) {
      errors.add("mode: must be one of " + RuleDefinition.MODES);
    }
    RuleScope scope = scope(json.getValue("scope", new JsonObject().put("type", "all")), errors);
    RuleCondition condition = json.containsKey("condition")
      ? new RuleConditionParser(errors).parse("condition", json.getValue("condition"))
      : missing("condition", errors);
    int count = 1;
    int window = 60;
    Object threshold = json.getValue("threshold", new JsonObject());
    if (threshold instanceof JsonObject t) {
      for (String key : t.fieldNames()) {
        if (!Set.of("count", "windowSeconds").contains(key)) {
          errors.add("threshold." + key + ": unknown key (known: count, windowSeconds)");
        }
      }
      count = whole(t, "count", "threshold.count", 1, 1, 100_000, errors);
      window = whole(t, "windowSeconds", "threshold.windowSeconds", 60, 1, MAX_SECONDS, errors);
    } else {
      errors.add("threshold: must be an object {count, windowSeconds}");
    }
    int cooldown = whole(json, "cooldownSeconds", "cooldownSeconds", 0, 0, MAX_SECONDS, errors);
    Integer reenable = json.getValue("reenableAfterSeconds") == null ? null
      : whole(json, "reenableAfterSeconds", "reenableAfterSeconds", 1, 1, MAX_SECONDS, errors);
    List<RuleAction> actions = actions(json.getValue("actions"), errors);
    if (!errors.isEmpty()) {
      return null;
    }
    Long id = json.getValue("id") instanceof Number i ? i.longValue() : null;
    return new RuleDefinition(id, (String) name, (String) description, enabled, (String) mode, scope, condition,
      count, window, cooldown, actions, reenable, builtin, json.copy());
  }

  private static RuleScope scope(Object value, List<String> errors) {
    if (!(value instanceof JsonObject scope) || !(scope.getValue("type") instanceof String type)
      || !RuleScope.TYPES.contains(type)) {
      errors.add("scope.type: must be one of " + RuleScope.TYPES);
      return null;
    }
    String key = switch (type) {
      case "provider" -> "provider";
      case "group" -> "group";
      case "account" -> "accountId";
      default -> null;
    };
    for (String k : scope.fieldNames()) {
      if (!k.equals("type") && !k.equals(key)) {
        errors.add("scope." + k + ": unknown key for scope type " + type);
      }
    }
    if (key == null) {
      return RuleScope.ALL;
    }
    Object v = scope.getValue(key);
    if (key.equals("accountId")) {
      if (!(v instanceof Number n) || n.longValue() < 1 || n.doubleValue() != n.longValue()) {
        errors.add("scope.accountId: must be an account id");
        return null;
      }
      return new RuleScope(type, Long.toString(n.longValue()));
    }
    if (!(v instanceof String s) || s.isBlank()) {
      errors.add("scope." + key + ": must be a non-empty string");
      return null;
    }
    return new RuleScope(type, s);
  }

  private static List<RuleAction> actions(Object value, List<String> errors) {
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      errors.add("actions: must be a non-empty list (disable, ban, alert, log)");
      return List.of();
    }
    List<RuleAction> actions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "actions[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject a) || !(a.getValue("type") instanceof String type)
        || !RuleAction.TYPES.contains(type)) {
        errors.add(at + ".type: must be one of " + RuleAction.TYPES);
        continue;
      }
      Set<String> known = switch (type) {
        case "disable" -> Set.of("type", "status");
        case "alert" -> Set.of("type", "url");
        default -> Set.of("type");
      };
      for (String k : a.fieldNames()) {
        if (!known.contains(k)) {
          errors.add(at + "." + k + ": unknown key for a " + type + " action");
        }
      }
      String status = null;
      String url = null;
      if (type.equals("disable")) {
        status = String.valueOf(a.getValue("status", "disabled"));
        if (!RuleAction.DISABLE_STATUSES.contains(status)) {
          errors.add(at + ".status: must be one of " + RuleAction.DISABLE_STATUSES);
        }
      } else if (type.equals("alert")) {
        url = a.getValue("url") instanceof String s ? s : null;
        if (!webhookUrl(url)) {
          errors.add(at + ".url: must be an http(s) URL");
        }
      }
      actions.add(new RuleAction(type, status, url));
    }
    long states = actions.stream().filter(a -> a.type().equals("disable") || a.type().equals("ban")).count();
    if (states > 1) {
      errors.add("actions: at most one disable or ban action");
    }
    return List.copyOf(actions);
  }

  private static boolean webhookUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static int whole(JsonObject json, String key, String at, int fallback, int min, int max, List<String> errors) {
    Object value = json.getValue(key, fallback);
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min || n.longValue() > max) {
      errors.add(at + ": must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return n.intValue();
  }

  private static boolean flag(JsonObject json, String key, boolean fallback, List<String> errors) {
    Object value = json.getValue(key, fallback);
    if (!(value instanceof Boolean b)) {
      errors.add(key + ": must be true or false");
      return fallback;
    }
    return b;
  }

  private static RuleCondition missing(String at, List<String> errors) {
    errors.add(at + ": is required");
    return null;
  }
}
