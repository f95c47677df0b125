package io.switchboard.admin;

import io.switchboard.api.ClientAddress;
import io.switchboard.api.ConnectionBounds;
import io.switchboard.store.MasterKeySettings;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The admin role's configuration, validated once at start; messages name the bad key. */
record AdminSettings(String host, int port, ConnectionBounds.Limits connections, long accessSeconds,
                     long refreshSeconds, int maxKeysPerUser, int maxFailuresPerUser, int maxFailuresPerIp,
                     long loginWindowMs, long probeTimeoutMs, StorageSettings storage, String masterKey,
                     List<String> previousMasterKeys, String masterKeyDir, QuotaDay quotaDay,
                     ClientAddress clientAddress) {

  static AdminSettings from(JsonObject c) {
    StorageSettings storage = StorageSettings.from("admin", c);
    MasterKeySettings keys = MasterKeySettings.from("admin", c);
    JsonObject login = c.getJsonObject("login", new JsonObject());
    int port = c.getInteger("port", 8081);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin.port must be a port number");
    }
    ConnectionBounds.Limits connections = new ConnectionBounds.Limits(
      (int) positive(c, "admin.maxConnections", c.getLong("maxConnections", 1000L)),
      positive(c, "admin.headTimeoutMs", c.getLong("headTimeoutMs", 10_000L)),
      positive(c, "admin.idleTimeoutMs", c.getLong("idleTimeoutMs", 60_000L)));
    return new AdminSettings(c.getString("host", "127.0.0.1"), port, connections,
      positive(c, "admin.accessTokenMinutes", c.getLong("accessTokenMinutes", 15L)) * 60,
      positive(c, "admin.refreshTokenDays", c.getLong("refreshTokenDays", 7L)) * 86_400,
      (int) positive(c, "admin.maxKeysPerUser", c.getLong("maxKeysPerUser", 10L)),
      (int) positive(c, "admin.login.maxFailuresPerUser", login.getLong("maxFailuresPerUser", 5L)),
      (int) positive(c, "admin.login.maxFailuresPerIp", login.getLong("maxFailuresPerIp", 20L)),
      positive(c, "admin.login.windowSeconds", login.getLong("windowSeconds", 900L)) * 1000,
      positive(c, "admin.probeTimeoutMs", c.getLong("probeTimeoutMs", 35_000L)),
      storage, keys.masterKey(), keys.previousMasterKeys(), keys.masterKeyDir(),
      QuotaDay.of(c.getString("quotaTimeZone", "UTC"), "usage.quotaTimeZone"), ClientAddress.of(c, "admin"));
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
