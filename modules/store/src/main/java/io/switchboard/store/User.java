package io.switchboard.store;

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

  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + ", role=" + role + "]";
  }
}
