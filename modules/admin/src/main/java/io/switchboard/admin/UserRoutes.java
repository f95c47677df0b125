package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Admin-only user management: list, create, get, update, delete, password reset, batch price multiplier. */
final class UserRoutes {
  private static final Set<String> ROLES = Set.of("admin", "user");
  private final AdminContext admin;

  UserRoutes(AdminContext admin) {
    this.admin = admin;
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
    return admin.users().list().compose(users -> {
      JsonArray out = new JsonArray();
      users.forEach(u -> out.add(u.adminView()));
      return Answer.ok(out);
    });
  }

  private Future<Answer> create(Call call) {
    Fields body = call.body();
    String username = body.requiredText("username");
    if (!username.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw AdminError.badField("username", "may hold letters, digits and . _ @ - (at most 64)");
    }
    String password = body.requiredText("password");
    Passwords.checkStrength("password", password);
    String role = body.oneOf("role", "user", ROLES);
    String group = body.text("group", "default");
    return groupExists(group)
      .compose(v -> Passwords.hash(admin.vertx(), password))
      .compose(hash -> admin.users().create(username, hash, role, group))
      .compose(user -> admin.audit().ok(call, "user.create", "user", user.id(), null, user.adminView())
        .compose(v -> {
          admin.changed(ConfigChanged.USER, user.id());
          return Answer.created(user.adminView());
        }));
  }

  private Future<Answer> get(Call call) {
    return found(call.id()).compose(user -> Answer.ok(user.adminView()));
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
        .compose(v -> admin.users().update(id, role, group, enabled))
        .compose(after -> admin.audit().ok(call, "user.update", "user", id, before.adminView(), after.adminView())
          .compose(v -> {
            admin.changed(ConfigChanged.USER, id);
            return Answer.ok(after.adminView());
          }));
    });
  }

  private Future<Answer> delete(Call call) {
    long id = call.id();
    if (id == call.caller().id()) {
      throw AdminError.conflict("you cannot delete yourself");
    }
    return found(id).compose(before -> admin.users().delete(id)
      .compose(v -> admin.audit().ok(call, "user.delete", "user", id, before.adminView(), null))
      .compose(v -> {
        admin.changed(ConfigChanged.USER, id);
        admin.changed(ConfigChanged.API_KEY, null); // the user's keys went with it
        return Answer.noContent();
      }));
  }

  /** Sets a user's password; their issued tokens stop working. */
  private Future<Answer> resetPassword(Call call) {
    long id = call.id();
    String password = call.body().requiredText("password");
    Passwords.checkStrength("password", password);
    return found(id)
      .compose(user -> Passwords.hash(admin.vertx(), password))
      .compose(hash -> admin.users().setPassword(id, hash))
      .compose(user -> admin.audit().ok(call, "user.password.reset", "user", id, null, null)
        .compose(v -> {
          admin.changed(ConfigChanged.USER, id);
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
    return admin.users().setMultiplier(userIds, ppm).compose(changed -> {
      JsonObject after = new JsonObject().put("multiplierPpm", ppm).put("userIds", new JsonArray(changed));
      return admin.audit().ok(call, "user.multiplier", "user", all ? "*" : null, null, after).compose(v -> {
        admin.changed(ConfigChanged.USER, null);
        return Answer.ok(new JsonObject().put("updated", changed.size()).put("userIds", new JsonArray(changed)));
      });
    });
  }

  private Future<User> found(long id) {
    return admin.users().find(id).compose(u -> u == null ? Future.failedFuture(AdminError.notFound("user"))
      : Future.succeededFuture(u));
  }

  private Future<Void> groupExists(String group) {
    return admin.groups().find(group).compose(g -> g == null
      ? Future.failedFuture(AdminError.badField("group", "names no group"))
      : Future.succeededFuture());
  }
}
