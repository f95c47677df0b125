package io.switchboard.api;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node's readiness checks found ({@link Addresses#HEALTH_READY}): one {@link Check} per thing a node needs to
 * serve (PostgreSQL, Redis, the cluster, its roles); ready when every check passed. {@link #toJson} is the body of
 * {@code /readyz}.
 */
public record Readiness(List<Check> checks) {

  /** One check: its name, whether it passed, and what it found when it did not (for an operator; no secrets). */
  public record Check(String name, boolean ok, String detail) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("name", name).put("ok", ok);
      return detail == null ? json : json.put("detail", detail);
    }

    static Check fromJson(JsonObject json) {
      return new Check(json.getString("name"), json.getBoolean("ok"), json.getString("detail"));
    }
  }

  public Readiness {
    checks = List.copyOf(checks);
  }

  /** Not ready, for one reason that no check of this node could give (e.g. nothing answered the question). */
  public static Readiness unknown(String detail) {
    return new Readiness(List.of(new Check("node", false, detail)));
  }

  /**
   * Asks this node's checks ({@link Addresses#HEALTH_READY}, local only); never fails: no answer within
   * {@code timeoutMs} is a readiness that names why.
   */
  public static Future<Readiness> ask(EventBus bus, long timeoutMs) {
    return bus.<Readiness>request(Addresses.HEALTH_READY, "", new DeliveryOptions().setLocalOnly(true)
        .setSendTimeout(timeoutMs))
      .map(Message::body)
      .otherwise(failure -> unknown("this node's checks did not answer: " + failure.getMessage()));
  }

  /** The HTTP status of {@code /readyz}: 200 when ready, else 503. */
  public int httpStatus() {
    return ready() ? 200 : 503;
  }

  public boolean ready() {
    return checks.stream().allMatch(Check::ok);
  }

  /** The names of the checks that failed, in check order. */
  public List<String> failing() {
    return checks.stream().filter(check -> !check.ok()).map(Check::name).toList();
  }

  /** {@code {"status": "ready" | "not_ready", "failing": [...], "checks": [...]}}. */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    checks.forEach(check -> list.add(check.toJson()));
    return new JsonObject().put("status", ready() ? "ready" : "not_ready").put("failing", new JsonArray(failing()))
      .put("checks", list);
  }

  public static Readiness fromJson(JsonObject json) {
    List<Check> checks = new ArrayList<>();
    json.getJsonArray("checks").forEach(c -> checks.add(Check.fromJson((JsonObject) c)));
    return new Readiness(checks);
  }
}
