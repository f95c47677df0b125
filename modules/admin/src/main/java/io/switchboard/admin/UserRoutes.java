package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.GroupStore;
import io.switchboard.store.User;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Admin-only user management: list, create, get, update, delete, password reset, batch price multiplier. */
final class UserRoutes {
  private static final Set<String> ROLES = Set.of("admin", "user");
  /** The longest username: sign-in refuses longer ones before they reach Redis, PostgreSQL or the audit log. */
  static final int MAX_USERNAME = 64;
  private final Vertx vertx;
  private final UserStore users;
  private final GroupStore groups;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  UserRoutes(Vertx vertx, UserStore users, GroupStore groups, AuditTrail audit, ConfigAnnouncer announcer) {
    this.vertx = vertx;
    this.users = users;
    this.groups = groups;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listUsers", this::list);
    ops.put("createUser", this::create);
    ops.put("getUser", this::get);
    ops.put("updateUser", this::update);
    ops.put("deleteUser", this::delete);
    ops.put("resetPassword", this::resetPassword);
    ops.put("setMultiplier", this::setMultiplier);
  }

  private Future<Answer> list(Call call) {
    return users.list().compose(all -> {
      JsonArray out = new JsonArray();
      all.forEach(u -> out.add(UserJson.adminView(u)));
      return Answer.ok(out);
    });
  }

  private Future<Answer> create(Call call) {
    Fields body = call.body();
    String username = body.requiredText("username");
    if (!username.matches("[A-Za-z0-9._@-]{1," + MAX_USERNAME + "}")) {
      throw AdminError.badField("username", "may hold letters, digits and . _ @ - (at most " + MAX_USERNAME + ")");
    }
    String password = body.requiredText("password");
    Passwords.checkStrength("password", password);
    String role = body.oneOf("role", "user", ROLES);
    String group = body.text("group", "default");
    return groupExists(group)
      .compose(v -> Passwords.hash(vertx, password))
      .compose(hash -> users.create(username, hash, role, group))
      .compose(user -> audit.ok(call, "user.create", "user", user.id(), null, UserJson.adminView(user))
        .compose(v -> {
          announcer.changed(ConfigChanged.USER, user.id());
          return Answer.created(UserJson.adminView(user));
        }));
  }

  private Future<Answer> get(Call call) {
    return found(call.id()).compose(user -> Answer.ok(UserJson.adminView(user)));
  }

  private Future<Answer> update(Call call) {
    long id = call.id();
    Fields body = call.body();
    return found(id).compose(before -> {
      String role = body.oneOf("role", before.role(), ROLES);
      String group = body.text("group", before.group());
      boolean enabled = body.bool("enabled", before.enabled());
      if (id == call.caller().id() && (!enabled || !"admin".equals(role))) {
        throw AdminError.conflict("you cannot disable yourself or drop your own admin role");
      }
      return groupExists(group)
        .compose(v -> users.update(id, role, group, enabled))
        .compose(row -> AdminError.presentOr404(row, "user"))
        .compose(after -> audit.ok(call, "user.update", "user", id, UserJson.adminView(before),
            UserJson.adminView(after))
          .compose(v -> {
            announcer.changed(ConfigChanged.USER, id);
            return Answer.ok(UserJson.adminView(after));
          }));
    });
  }

  private Future<Answer> delete(Call call) {
    long id = call.id();
    if (id == call.caller().id()) {
      throw AdminError.conflict("you cannot delete yourself");
    }
    return found(id).compose(before -> users.delete(id)
      .compose(v -> audit.ok(call, "user.delete", "user", id, UserJson.adminView(before), null))
      .compose(v -> {
        announcer.changed(ConfigChanged.USER, id);
        announcer.changed(ConfigChanged.API_KEY, null); // the user's keys went with it
        return Answer.noContent();
      }));
  }

  /** Sets a user's password; their issued tokens stop working. */
  private Future<Answer> resetPassword(Call call) {
    long id = call.id();
    String password = call.body().requiredText("password");
    Passwords.checkStrength("password", password);
    return found(id)
      .compose(user -> Passwords.hash(vertx, password))
      .compose(hash -> users.setPassword(id, hash))
      .compose(user -> audit.ok(call, "user.password.reset", "user", id, null, null)
        .compose(v -> {
          announcer.changed(ConfigChanged.USER, id);
          return Answer.noContent();
        }));
  }

  /** {@code {"multiplierPpm": n, "userIds": [..]}} or {@code {"multiplierPpm": n, "all": true}}. */
  private Future<Answer> setMultiplier(Call call) {
    Fields body = call.body();
    Long ppm = body.whole("multiplierPpm", null, 0);
    if (ppm == null) {
      throw AdminError.badField("multiplierPpm", "is required");
    }
    boolean all = Boolean.TRUE.equals(body.bool("all", false));
    List<Long> userIds = all ? null : body.ids("userIds");
    if (!all && (userIds == null || userIds.isEmpty())) {
      throw AdminError.badField("userIds", "must list users (or send \"all\": true)");
    }
    return users.setMultiplier(userIds, ppm).compose(changed -> {
      JsonObject after = new JsonObject().put("multiplierPpm", ppm).put("userIds", new JsonArray(changed));
      return audit.ok(call, "user.multiplier", "user", all ? "*" : null, null, after).compose(v -> {
        announcer.changed(ConfigChanged.USER, null);
        return Answer.ok(new JsonObject().put("updated", changed.size()).put("userIds", new JsonArray(changed)));
      });
    });
  }

  private Future<User> found(long id) {
    return users.find(id).compose(u -> u == null ? Future.failedFuture(AdminError.notFound("user"))
      : Future.succeededFuture(u));
  }

  private Future<Void> groupExists(String group) {
    return groups.find(group).compose(g -> g == null
      ? Future.failedFuture(AdminError.badField("group", "names no group"))
      : Future.succeededFuture());
  }
}
