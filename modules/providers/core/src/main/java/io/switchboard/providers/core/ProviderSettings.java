package io.switchboard.providers.core;

import io.switchboard.api.HeldBytes;
import io.switchboard.store.MasterKeySettings;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A provider adapter's configuration, validated once at start. The app hands it the kind's section already laid over
 * {@code providers.defaults}, with that shared section beside it, so a bad value is named where the operator wrote
 * it: {@code providers.<kind>.<key>}, or {@code providers.defaults.<key>} when the shared section gave it.
 * {@code node} is this process's cluster node id (null outside a cluster), named in the receipts of calls;
 * {@code drainSeconds} is {@code providers.drainSeconds}, how long an instance being removed finishes its calls.
 * {@code maxAnswerBytes} bounds an answer read whole (not streamed): the heap holds it while it is converted;
 * {@code heldAnswerBytes} is {@code providers.heldAnswerBytes}, what the answers being read whole may hold between them
 * in this process (0 in the configuration: an eighth of the heap, see {@link WholeBody}).
 */
record ProviderSettings(StorageSettings storage, MasterKeySettings keys, int connectTimeoutMs, int idleTimeoutSeconds,
                        int maxPoolSize, UpstreamAttempt.Timeouts timeouts, long streamIdleTimeoutMs,
                        FailureWindow.Limits limits, long openMs, long probeTimeoutMs, long drainMs, String node,
                        long maxAnswerBytes, long heldAnswerBytes) {
  /** The key under which the app hands over {@code providers.defaults}. */
  static final String DEFAULTS = "defaults";
  /** The key under which the app hands over {@code providers.drainSeconds}. */
  static final String DRAIN_SECONDS = "drainSeconds";
  /** The key under which the app hands over {@code providers.heldAnswerBytes}. */
  static final String HELD_ANSWER_BYTES = "heldAnswerBytes";
  /** The most one buffer can hold. */
  private static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;

  static ProviderSettings from(String kind, JsonObject conf) {
    StorageSettings storage = StorageSettings.from("providers." + kind, conf);
    MasterKeySettings keys = MasterKeySettings.from("providers." + kind, conf);
    JsonObject circuit = conf.getJsonObject("circuit", new JsonObject());
    ProviderSettings s = new ProviderSettings(storage, keys, conf.getInteger("connectTimeoutMs", 5000),
      conf.getInteger("idleTimeoutSeconds", 300), conf.getInteger("maxPoolSize", 256),
      new UpstreamAttempt.Timeouts(conf.getLong("ttfbTimeoutMs", 300_000L), conf.getLong("totalTimeoutMs", 900_000L)),
      conf.getLong("streamIdleTimeoutMs", 120_000L),
      new FailureWindow.Limits(circuit.getInteger("consecutiveFailures", 5), circuit.getDouble("failureRate", 0.5),
        circuit.getInteger("minRequests", 20), circuit.getLong("windowMs", 30_000L)),
      circuit.getLong("openMs", 30_000L), conf.getLong("probeTimeoutMs", 30_000L),
      conf.getLong(DRAIN_SECONDS, 30L) * 1000, conf.getString("node"), conf.getLong("maxAnswerBytes", 16L << 20),
      HeldBytes.bound(conf.getLong(HELD_ANSWER_BYTES, 0L)));
    positive(kind, conf, "connectTimeoutMs", s.connectTimeoutMs);
    positive(kind, conf, "idleTimeoutSeconds", s.idleTimeoutSeconds);
    positive(kind, conf, "maxPoolSize", s.maxPoolSize);
    positive(kind, conf, "ttfbTimeoutMs", s.timeouts.ttfbMs());
    positive(kind, conf, "totalTimeoutMs", s.timeouts.totalMs());
    positive(kind, conf, "streamIdleTimeoutMs", s.streamIdleTimeoutMs);
    positive(kind, conf, "maxAnswerBytes", s.maxAnswerBytes);
    if (s.maxAnswerBytes > MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(key(kind, conf, "maxAnswerBytes") + " must be at most " + MAX_BUFFER_BYTES
        + " (the largest buffer)");
    }
    positive(kind, conf, "circuit.consecutiveFailures", s.limits.consecutive());
    positive(kind, conf, "circuit.minRequests", s.limits.minRequests());
    positive(kind, conf, "circuit.windowMs", s.limits.windowMs());
    positive(kind, conf, "circuit.openMs", s.openMs);
    if (conf.getLong(HELD_ANSWER_BYTES, 0L) < 0) {
      throw new IllegalArgumentException("providers.heldAnswerBytes must not be negative (0: an eighth of the heap)");
    }
    if (s.drainMs < 0) {
      throw new IllegalArgumentException("providers.drainSeconds must not be negative");
    }
    if (s.limits.rate() <= 0 || s.limits.rate() > 1) {
      throw new IllegalArgumentException(key(kind, conf, "circuit.failureRate") + " must be above 0 and at most 1");
    }
    return s;
  }

  private static void positive(String kind, JsonObject conf, String path, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key(kind, conf, path) + " must be positive");
    }
  }

  /** The full key of a value: under {@code providers.defaults} when it is the value that section gives. */
  private static String key(String kind, JsonObject conf, String path) {
    boolean shared = Objects.equals(at(conf.getJsonObject(DEFAULTS, new JsonObject()), path), at(conf, path));
    return "providers." + (shared ? DEFAULTS : kind) + "." + path;
  }

  private static Object at(JsonObject section, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      return section.getValue(path);
    }
    JsonObject inner = section.getJsonObject(path.substring(0, dot), new JsonObject());
    return at(inner, path.substring(dot + 1));
  }
}
