package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.GroupStore;
import io.switchboard.store.ModelPrice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/** User groups (price ratio, scheduling strategy) and model prices: admin only. */
final class CatalogRoutes {
  private final AdminContext admin;

  CatalogRoutes(AdminContext admin) {
    this.admin = admin;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listGroups", call -> admin.groups().list().compose(g -> Answer.ok(new JsonArray(new ArrayList<>(g)))));
    ops.put("createGroup", this::createGroup);
    ops.put("updateGroup", this::updateGroup);
    ops.put("deleteGroup", this::deleteGroup);
    ops.put("listPrices", this::listPrices);
    ops.put("putPrice", this::putPrice);
    ops.put("deletePrice", this::deletePrice);
  }

  private Future<Answer> createGroup(Call call) {
    Fields body = call.body();
    String name = body.requiredText("name");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw AdminError.badField("name", "may hold letters, digits and . _ - (at most 64)");
    }
    long ratio = body.whole("ratioPpm", 1_000_000L, 0);
    String strategy = body.oneOf("strategy", "weighted", Set.copyOf(GroupStore.STRATEGIES));
    String description = body.text("description", "");
    return admin.groups().create(name, ratio, strategy, description)
      .compose(after -> admin.audit().ok(call, "group.create", "group", name, null, after).compose(v -> {
        admin.changed(ConfigChanged.GROUP, null);
        return Answer.created(after);
      }));
  }

  private Future<Answer> updateGroup(Call call) {
    String name = call.param("name");
    Fields body = call.body();
    return admin.groups().find(name).compose(before -> {
      if (before == null) {
        return Future.failedFuture(AdminError.notFound("group"));
      }
      long ratio = body.whole("ratioPpm", before.getLong("ratioPpm"), 0);
      String strategy = body.oneOf("strategy", before.getString("strategy"), Set.copyOf(GroupStore.STRATEGIES));
      String description = body.text("description", before.getString("description"));
      return admin.groups().update(name, ratio, strategy, description)
        .compose(after -> admin.audit().ok(call, "group.update", "group", name, before, after).compose(v -> {
          admin.changed(ConfigChanged.GROUP, null);
          return Answer.ok(after);
        }));
    });
  }

  private Future<Answer> deleteGroup(Call call) {
    String name = call.param("name");
    if ("default".equals(name)) {
      throw AdminError.conflict("the default group cannot be deleted");
    }
    return admin.groups().find(name).compose(before -> before == null
      ? Future.failedFuture(AdminError.notFound("group"))
      : admin.groups().delete(name)
        .compose(v -> admin.audit().ok(call, "group.delete", "group", name, before, null))
        .compose(v -> {
          admin.changed(ConfigChanged.GROUP, null);
          return Answer.noContent();
        }));
  }

  private Future<Answer> listPrices(Call call) {
    return admin.prices().list().compose(prices -> {
      JsonArray out = new JsonArray();
      prices.forEach(p -> out.add(p.toJson()));
      return Answer.ok(out);
    });
  }

  /** Creates or replaces one model's prices (per million tokens, integer micro-units). */
  private Future<Answer> putPrice(Call call) {
    String model = call.param("model");
    Fields body = call.body();
    return admin.prices().find(model).compose(before -> {
      ModelPrice price = new ModelPrice(model,
        required(body, "inputMicros", before == null ? null : before.inputMicros()),
        required(body, "outputMicros", before == null ? null : before.outputMicros()),
        body.whole("cacheWriteMicros", before == null ? 0L : before.cacheWriteMicros(), 0),
        body.whole("cacheReadMicros", before == null ? 0L : before.cacheReadMicros(), 0));
      return admin.prices().put(price).compose(after -> admin.audit().ok(call, before == null ? "price.create"
          : "price.update", "price", model, before == null ? null : before.toJson(), after.toJson())
        .compose(v -> {
          admin.changed(ConfigChanged.PRICE, null);
          return Answer.ok(after.toJson());
        }));
    });
  }

  private static long required(Fields body, String field, Long current) {
    Long value = body.whole(field, current, 0);
    if (value == null) {
      throw AdminError.badField(field, "is required");
    }
    return value;
  }

  private Future<Answer> deletePrice(Call call) {
    String model = call.param("model");
    return admin.prices().find(model).compose(before -> before == null
      ? Future.failedFuture(AdminError.notFound("price"))
      : admin.prices().delete(model)
        .compose(v -> admin.audit().ok(call, "price.delete", "price", model, before.toJson(), (JsonObject) null))
        .compose(v -> {
          admin.changed(ConfigChanged.PRICE, null);
          return Answer.noContent();
        }));
  }
}
