package io.switchboard.app;

import io.switchboard.api.ProviderKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What this process runs: the roles {@code roles} names and, when {@code providers} is one of them, the adapters of
 * the kinds {@code providers.kinds} names (empty: every kind). Unknown names are refused, naming the key.
 */
record Placement(List<String> roles, List<ProviderKind> adapters) {
  static final List<String> ROLES = List.of("ingress", "auth", "scheduler", "providers", "usage", "rules", "cron",
    "conversations",
    "admin");
  /** Back ends first, the ingress last: no client request arrives before they listen. */
  static final List<String> ROLES_IN_START_ORDER = List.of("usage", "auth", "scheduler", "rules", "conversations",
    "providers", "cron", "admin", "ingress");

  static Placement from(JsonObject config) {
    LinkedHashSet<String> roles = new LinkedHashSet<>();
    for (String role : names(config.getValue("roles"), "roles")) {
      if (!ROLES.contains(role)) {
        throw new ConfigError("roles: unknown role '" + role + "' (known: " + String.join(", ", ROLES) + ")");
      }
      roles.add(role);
    }
    if (roles.isEmpty()) {
      throw new ConfigError("roles: name at least one role (known: " + String.join(", ", ROLES) + ")");
    }
    List<ProviderKind> kinds = new ArrayList<>();
    for (String kind : names(config.getJsonObject("providers").getValue(GatewayConfig.PROVIDER_KINDS),
      "providers.kinds")) {
      if (!ProviderKind.wireNames().contains(kind)) {
        throw new ConfigError("providers.kinds: unknown provider kind '" + kind + "' (known: "
          + String.join(", ", ProviderKind.wireNames()) + ")");
      }
      kinds.add(ProviderKind.fromWire(kind));
    }
    List<ProviderKind> adapters = !roles.contains("providers") ? List.of()
      : kinds.isEmpty() ? ProviderKind.builtIn() : List.copyOf(new LinkedHashSet<>(kinds));
    return new Placement(List.copyOf(roles), adapters);
  }

  boolean runs(String role) {
    return roles.contains(role);
  }

  /** Whether this process listens for HTTP at all: only the ingress and the admin API do. */
  boolean servesHttp() {
    return runs("ingress") || runs("admin");
  }

  private static List<String> names(Object value, String key) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray list)) {
      throw new ConfigError(key + ": expected a list like [a, b]");
    }
    List<String> names = new ArrayList<>();
    list.forEach(item -> names.add(String.valueOf(item).trim()));
    return names;
  }
}
