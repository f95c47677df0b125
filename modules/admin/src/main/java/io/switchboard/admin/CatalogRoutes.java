package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.GroupStore;
import io.switchboard.store.ModelPrice;
import io.switchboard.store.PriceStore;
import io.switchboard.store.UserGroup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** User groups (price ratio, scheduling strategy) and model prices: admin only. */
final class CatalogRoutes {
  private final GroupStore groups;
  private final ProxyFields proxies;
  private final PriceStore prices;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  CatalogRoutes(GroupStore groups, PriceStore prices, ProxyFields proxies, AuditTrail audit,
                ConfigAnnouncer announcer) {
    this.groups = groups;
    this.proxies = proxies;
    this.prices = prices;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listGroups", this::listGroups);
    ops.put("createGroup", this::createGroup);
    ops.put("updateGroup", this::updateGroup);
    ops.put("deleteGroup", this::deleteGroup);
    ops.put("listPrices", this::listPrices);
    ops.put("putPrice", this::putPrice);
    ops.put("deletePrice", this::deletePrice);
  }

  private Future<Answer> listGroups(Call call) {
    return groups.list().compose(all -> {
      JsonArray out = new JsonArray();
      all.forEach(g -> out.add(group(g)));
      return Answer.ok(out);
    });
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
    byte[] proxy = proxies.proxy(body, null);
    return groups.create(name, ratio, strategy, description)
      .compose(created -> proxy == null ? Future.succeededFuture(created)
        : groups.setProxy(name, proxy).compose(v -> groups.find(name)))
      .map(this::group)
      .compose(after -> audit.ok(call, "group.create", "group", name, null, after).compose(v -> {
        announcer.changed(ConfigChanged.GROUP, null);
        if (proxy != null) {
          announcer.changed(ConfigChanged.ACCOUNT, null); // accounts of the group use its proxy from now on
        }
        return Answer.created(after);
      }));
  }

  private Future<Answer> updateGroup(Call call) {
    String name = call.param("name");
    Fields body = call.body();
    return groups.find(name).compose(before -> {
      if (before == null) {
        return Future.failedFuture(AdminError.notFound("group"));
      }
      long ratio = body.whole("ratioPpm", before.ratioPpm(), 0);
      String strategy = body.oneOf("strategy", before.strategy(), Set.copyOf(GroupStore.STRATEGIES));
      String description = body.text("description", before.description());
      byte[] proxy = proxies.proxy(body, before.proxy());
      return groups.update(name, ratio, strategy, description)
        .compose(row -> AdminError.presentOr404(row, "group"))
        .compose(row -> proxy == before.proxy() ? Future.succeededFuture(row)
          : groups.setProxy(name, proxy).compose(v -> groups.find(name)))
        .map(this::group)
        .compose(after -> audit.ok(call, "group.update", "group", name, group(before), after)
          .compose(v -> {
            announcer.changed(ConfigChanged.GROUP, null);
            if (proxy != before.proxy()) {
              announcer.changed(ConfigChanged.ACCOUNT, null); // the group's accounts take the new proxy
            }
            return Answer.ok(after);
          }));
    });
  }

  private Future<Answer> deleteGroup(Call call) {
    String name = call.param("name");
    if ("default".equals(name)) {
      throw AdminError.conflict("the default group cannot be deleted");
    }
    return groups.find(name).compose(before -> before == null
      ? Future.failedFuture(AdminError.notFound("group"))
      : groups.delete(name)
        .compose(v -> audit.ok(call, "group.delete", "group", name, group(before), null))
        .compose(v -> {
          announcer.changed(ConfigChanged.GROUP, null);
          return Answer.noContent();
        }));
  }

  /** The group as the API shows it: its proxy masked. */
  private JsonObject group(UserGroup g) {
    return CatalogJson.group(g).put("proxy", proxies.masked(g.proxy()));
  }

  private Future<Answer> listPrices(Call call) {
    return prices.list().compose(all -> {
      JsonArray out = new JsonArray();
      all.forEach(p -> out.add(CatalogJson.price(p)));
      return Answer.ok(out);
    });
  }

  /** Creates or replaces one model's prices (per million tokens, and per unit; integer micro-units). */
  private Future<Answer> putPrice(Call call) {
    String model = call.param("model");
    Fields body = call.body();
    return prices.find(model).compose(before -> {
      ModelPrice price = new ModelPrice(model,
        required(body, "inputMicros", before == null ? null : before.inputMicros()),
        required(body, "outputMicros", before == null ? null : before.outputMicros()),
        body.whole("cacheWriteMicros", before == null ? 0L : before.cacheWriteMicros(), 0),
        body.whole("cacheReadMicros", before == null ? 0L : before.cacheReadMicros(), 0),
        body.whole("unitMicros", before == null ? 0L : before.unitMicros(), 0));
      return prices.put(price).compose(after -> audit.ok(call, before == null ? "price.create"
          : "price.update", "price", model, before == null ? null : CatalogJson.price(before), CatalogJson.price(after))
        .compose(v -> {
          announcer.changed(ConfigChanged.PRICE, null);
          return Answer.ok(CatalogJson.price(after));
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
    return prices.find(model).compose(before -> before == null
      ? Future.failedFuture(AdminError.notFound("price"))
      : prices.delete(model)
        .compose(v -> audit.ok(call, "price.delete", "price", model, CatalogJson.price(before), (JsonObject) null))
        .compose(v -> {
          announcer.changed(ConfigChanged.PRICE, null);
          return Answer.noContent();
        }));
  }
}
