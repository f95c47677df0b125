package io.switchboard.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A console/API user. {@code passwordHash} never leaves the store layer in a response; {@code priceMultiplierPpm}
 * is shown to admins only.
 */
public record User(long id, String username, String passwordHash, String role, String group,
                   long priceMultiplierPpm, boolean enabled, int tokenVersion, Instant createdAt) {

  public boolean admin() {
    return "admin".equals(role);
  }

  /** What an admin sees: everything but the password hash. */
  public JsonObject adminView() {
    return selfView().put("priceMultiplierPpm", priceMultiplierPpm);
  }

  /** What the user sees of themselves: no hash, no price multiplier. */
  public JsonObject selfView() {
    return new JsonObject().put("id", id).put("username", username).put("role", role).put("group", group)
      .put("enabled", enabled).put("createdAt", createdAt == null ? null : createdAt.toString());
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + ", role=" + role + "]";
  }
}
