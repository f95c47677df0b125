package io.switchboard.rules;

import io.switchboard.store.KeyAnomalyCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code rules.keyAnomalies}: what counts as a client key used unusually, and what to do about it. A new address
 * prefix is the first {@code ipv4PrefixBits} / {@code ipv6PrefixBits} bits of the client's address; a burst is more
 * requests in one {@code bucketSeconds} than {@code burstFactor} times the key's own baseline and than
 * {@code burstMinRequests}, once it has {@code warmupBuckets} of history. Alerts go to {@code webhookUrl} (empty:
 * none) and to the table; kinds in {@code disableOn} also switch the key off.
 */
record KeyAnomalySettings(boolean enabled, int ipv4PrefixBits, int ipv6PrefixBits, boolean newModel,
                          long bucketSeconds, KeyAnomalyCounter.Thresholds thresholds, String webhookUrl,
                          Set<String> disableOn) {
  static final List<String> KINDS = List.of("new_ip", "new_model", "burst");

  static KeyAnomalySettings from(JsonObject conf) {
    String at = "rules.keyAnomalies.";
    int v4 = (int) number(conf, "ipv4PrefixBits", 24, at);
    int v6 = (int) number(conf, "ipv6PrefixBits", 48, at);
    if (v4 < 1 || v4 > 32) {
      throw new IllegalArgumentException(at + "ipv4PrefixBits must be from 1 to 32");
    }
    if (v6 < 1 || v6 > 128) {
      throw new IllegalArgumentException(at + "ipv6PrefixBits must be from 1 to 128");
    }
    double factor = number(conf, "burstFactor", 10, at);
    long minimum = (long) number(conf, "burstMinRequests", 60, at);
    long bucket = (long) number(conf, "bucketSeconds", 60, at);
    long warmup = (long) number(conf, "warmupBuckets", 30, at);
    long memoryDays = (long) number(conf, "memoryDays", 30, at);
    if (factor < 1 || bucket < 1 || memoryDays < 1) {
      throw new IllegalArgumentException(at + "burstFactor, bucketSeconds and memoryDays must be at least 1");
    }
    Set<String> disableOn = new HashSet<>();
    Object kinds = conf.getValue("disableOn", new JsonArray());
    if (!(kinds instanceof JsonArray list)) {
      throw new IllegalArgumentException(at + "disableOn must be a list");
    }
    for (Object kind : list) {
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException(at + "disableOn may hold " + KINDS + ", not '" + kind + "'");
      }
      disableOn.add((String) kind);
    }
    return new KeyAnomalySettings(bool(conf, "enabled", at), v4, v6, bool(conf, "newModel", at), bucket,
      new KeyAnomalyCounter.Thresholds(factor, minimum, warmup, 0.1, memoryDays * 86_400),
      conf.getString("webhookUrl", ""), Set.copyOf(disableOn));
  }

  private static double number(JsonObject conf, String key, double fallback, String at) {
    Object value = conf.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() < 0) {
      throw new IllegalArgumentException(at + key + " must be a number, at least 0");
    }
    return n.doubleValue();
  }

  private static boolean bool(JsonObject conf, String key, String at) {
    Object value = conf.getValue(key, Boolean.TRUE);
    if (!(value instanceof Boolean b)) {
      throw new IllegalArgumentException(at + key + " must be true or false");
    }
    return b;
  }
}
