package io.switchboard.admin;

import io.switchboard.store.GroupStore;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes sure an admin exists at start: when none does, {@code admin.initialAdmin.username} is created with
 * {@code admin.initialAdmin.password} (e.g. from {@code SB_ADMIN_PASSWORD}), or with a generated password printed
 * once to the console (never logged, never printed again).
 */
public final class InitialAdmin {
  private InitialAdmin() {
  }

  /** The initial admin's username (whether created now or earlier); the default group is created if missing. */
  public static Future<String> ensure(Vertx vertx, Pool pool, JsonObject adminSection) {
    JsonObject initial = adminSection.getJsonObject("initialAdmin", new JsonObject());
    String username = initial.getString("username", "admin");
    String configured = initial.getString("password", "");
    if (username.isBlank() || username.length() > UserRoutes.MAX_USERNAME) {
      return Future.failedFuture(new IllegalArgumentException("admin.initialAdmin.username must be 1 to "
        + UserRoutes.MAX_USERNAME + " characters"));
    }
    if (!configured.isEmpty() && configured.length() < Passwords.MIN_LENGTH) {
      return Future.failedFuture(new IllegalArgumentException("admin.initialAdmin.password must be at least "
        + Passwords.MIN_LENGTH + " characters"));
    }
    UserStore users = new UserStore(pool);
    return new GroupStore(pool).ensureDefault().compose(v -> users.anyAdmin()).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(username);
      }
      String password = configured.isEmpty() ? generated() : configured;
      return Passwords.hash(vertx, password).compose(hash -> users.create(username, hash, "admin", "default"))
        .map(created -> {
          if (configured.isEmpty()) {
            // the console, not the logger: shown once to whoever started the process, kept out of log files
            System.out.println("switchboard: created the initial admin '" + username + "' with password " + password
              + " (change it after signing in)");
          }
          return username;
        })
        .recover(failure -> users.findByName(username).compose(raced -> raced != null
          ? Future.succeededFuture(username) : Future.failedFuture(failure)));
    });
  }

  private static String generated() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
