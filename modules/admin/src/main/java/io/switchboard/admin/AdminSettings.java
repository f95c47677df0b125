package io.switchboard.admin;

import io.switchboard.store.QuotaDay;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The admin role's configuration, validated; each bad key is named. */
record AdminSettings(String host, int port, long accessSeconds, long refreshSeconds, int maxKeysPerUser,
                     int maxFailuresPerUser, int maxFailuresPerIp, long loginWindowMs, long probeTimeoutMs,
                     String postgresUrl, int poolSize, String redisUrl, String masterKey,
                     List<String> previousMasterKeys, String masterKeyDir, QuotaDay quotaDay) {

  static AdminSettings from(JsonObject c) {
    JsonObject postgres = c.getJsonObject("postgres", new JsonObject());
    JsonObject login = c.getJsonObject("login", new JsonObject());
    if (postgres.getString("url") == null || c.getString("redisUrl") == null || c.getString("masterKey") == null) {
      throw new IllegalArgumentException("admin: postgres.url, redisUrl and masterKey must be set by the app");
    }
    int port = c.getInteger("port", 8081);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin.port must be a port number");
    }
    return new AdminSettings(c.getString("host", "127.0.0.1"), port,
      positive(c, "admin.accessTokenMinutes", c.getLong("accessTokenMinutes", 15L)) * 60,
      positive(c, "admin.refreshTokenDays", c.getLong("refreshTokenDays", 7L)) * 86_400,
      (int) positive(c, "admin.maxKeysPerUser", c.getLong("maxKeysPerUser", 10L)),
      (int) positive(c, "admin.login.maxFailuresPerUser", login.getLong("maxFailuresPerUser", 5L)),
      (int) positive(c, "admin.login.maxFailuresPerIp", login.getLong("maxFailuresPerIp", 20L)),
      positive(c, "admin.login.windowSeconds", login.getLong("windowSeconds", 900L)) * 1000,
      positive(c, "admin.probeTimeoutMs", c.getLong("probeTimeoutMs", 35_000L)),
      postgres.getString("url"), postgres.getInteger("poolSize", 2), c.getString("redisUrl"), c.getString("masterKey"),
      keys(c.getValue("previousMasterKeys")), c.getString("masterKeyDir"),
      QuotaDay.of(c.getString("quotaTimeZone", "UTC"), "usage.quotaTimeZone"));
  }

  /** A list, or a comma-separated string as the environment gives it. */
  static List<String> keys(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v).trim()));
    } else if (value instanceof String text) {
      for (String part : text.split(",")) {
        out.add(part.trim());
      }
    }
    out.removeIf(String::isEmpty);
    return out;
  }

  private static long positive(JsonObject c, String key, Long value) {
    if (value == null || value < 1) {
      throw new IllegalArgumentException(key + " must be a positive whole number");
    }
    return value;
  }

  @Override
  public String toString() {
    return "AdminSettings[host=" + host + ", port=" + port + "]";
  }
}
