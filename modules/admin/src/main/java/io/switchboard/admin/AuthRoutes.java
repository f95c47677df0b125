package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.AuditEntry;
import io.switchboard.store.User;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/** Sign-in, token refresh and the caller's own account: login, refresh, me, password change. */
final class AuthRoutes {
  private final Vertx vertx;
  private final UserStore users;
  private final AdminTokens tokens;
  private final Guard guard;
  private final LoginThrottle throttle;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  AuthRoutes(Vertx vertx, UserStore users, AdminTokens tokens, Guard guard, LoginThrottle throttle, AuditTrail audit,
             ConfigAnnouncer announcer) {
    this.vertx = vertx;
    this.users = users;
    this.tokens = tokens;
    this.guard = guard;
    this.throttle = throttle;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("login", this::login);
    ops.put("refresh", this::refresh);
    ops.put("getMe", this::me);
    ops.put("changePassword", this::changePassword);
  }

  /**
   * Every attempt is audited; attempts count per username and per address before the password is checked (a success
   * takes its count back), and past the allowed number answer 429.
   */
  private Future<Answer> login(Call call) {
    Fields body = call.body();
    String username = body.requiredName("username");
    String password = body.requiredText("password");
    if (username.length() > UserRoutes.MAX_USERNAME) {
      throw AdminError.badField("username", "is at most " + UserRoutes.MAX_USERNAME + " characters");
    }
    String ip = call.ip() == null ? "unknown" : call.ip();
    return throttle.attempt(username, ip).compose(waitMs -> {
      if (waitMs > 0) {
        return attempt(username, 0, ip, "throttled").compose(v -> Future.failedFuture(throttled(waitMs)));
      }
      return users.findByName(username).compose(user ->
        Passwords.verify(vertx, password, user == null ? null : user.passwordHash()).compose(matches -> {
          if (!matches || !user.enabled()) {
            return attempt(username, user == null ? 0 : user.id(), ip, matches ? "disabled" : "denied")
              .compose(v -> Future.failedFuture(AdminError.unauthorized("wrong username or password")));
          }
          return throttle.succeeded(username, ip)
            .compose(v -> attempt(username, user.id(), ip, "ok"))
            .compose(v -> Answer.ok(tokens.issue(user).put("user", UserJson.selfView(user))));
        }));
    });
  }

  private static AdminError throttled(long waitMs) {
    return new AdminError(429, "too many failed sign-ins: try again later", null, Math.max(1, (waitMs + 999) / 1000));
  }

  private Future<Void> attempt(String username, long userId, String ip, String outcome) {
    return audit.write(new AuditEntry(userId, username, "login", "user", userId == 0 ? null
      : String.valueOf(userId), null, null, ip, outcome));
  }

  private Future<Answer> refresh(Call call) {
    String token = call.body().requiredText("refreshToken");
    return tokens.verify(token).compose(claims -> {
      if (!AdminTokens.REFRESH.equals(claims.type())) {
        return Future.failedFuture(AdminError.unauthorized("a refresh token is needed here"));
      }
      return guard.holder(claims).compose(user -> Answer.ok(tokens.issue(user)));
    });
  }

  /** The caller as they may see themselves: never the price multiplier. */
  private Future<Answer> me(Call call) {
    return Answer.ok(UserJson.selfView(call.caller()));
  }

  /**
   * Needs the current password, checked under the same throttle as sign-in (a stolen session cannot guess it faster);
   * every token issued before stops working, new ones are returned.
   */
  private Future<Answer> changePassword(Call call) {
    Fields body = call.body();
    String current = body.requiredText("currentPassword");
    String next = body.requiredText("newPassword");
    Passwords.checkStrength("newPassword", next);
    User me = call.caller();
    String ip = call.ip() == null ? "unknown" : call.ip();
    return throttle.attempt(me.username(), ip).compose(waitMs -> {
      if (waitMs > 0) {
        return audit.write(call, "user.password.change", "user", me.id(), null, null, "throttled")
          .compose(v -> Future.failedFuture(throttled(waitMs)));
      }
      return Passwords.verify(vertx, current, me.passwordHash()).compose(matches -> {
        if (!matches) {
          return audit.write(call, "user.password.change", "user", me.id(), null, null, "denied")
            .compose(v -> Future.failedFuture(AdminError.badField("currentPassword", "is wrong")));
        }
        return throttle.succeeded(me.username(), ip)
          .compose(v -> Passwords.hash(vertx, next))
          .compose(hash -> users.setPassword(me.id(), hash))
          .compose(updated -> audit.ok(call, "user.password.change", "user", me.id(), null, null)
            .map(v -> updated))
          .compose(updated -> {
            announcer.changed(ConfigChanged.USER, updated.id());
            return Answer.ok(tokens.issue(updated));
          });
      });
    });
  }
}
