package io.switchboard.admin;

import io.switchboard.store.User;
import io.vertx.core.json.JsonObject;

/** Users as the admin API shows them: never the password hash; the price multiplier to admins only. */
final class UserJson {
  private UserJson() {
  }

  /** What an admin sees: everything but the password hash. */
  static JsonObject adminView(User u) {
    return selfView(u).put("priceMultiplierPpm", u.priceMultiplierPpm());
  }

  /** What the user sees of themselves: no hash, no price multiplier. */
  static JsonObject selfView(User u) {
    return new JsonObject().put("id", u.id()).put("username", u.username()).put("role", u.role())
      .put("group", u.group()).put("enabled", u.enabled())
      .put("createdAt", u.createdAt() == null ? null : u.createdAt().toString());
  }
}
