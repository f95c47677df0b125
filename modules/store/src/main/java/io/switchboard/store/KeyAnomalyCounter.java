package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;

/**
 * What one client key did in one usage batch, against what it has done before, in one Lua script per key so every
 * rule engine on every node agrees and each anomaly is found once: an address prefix it was never used from (once
 * it has been used from one), a model it never asked for (once it has asked for one), and more requests in one time
 * bucket than {@code factor} times its own baseline (a moving average of its requests per bucket, idle buckets
 * included) and than {@code minimum}, once it has {@code warmupBuckets} of history; a burst is told once per bucket.
 * What it has seen is forgotten {@code memorySeconds} after the key's last use.
 */
public final class KeyAnomalyCounter {
  /** One anomaly: its kind ({@code new_ip}, {@code new_model}, {@code burst}), what was seen, and which request. */
  public record Anomaly(String kind, String detail, int request) {
  }

  /** One request of the key: its address prefix and model (null: unknown, none) and time bucket. */
  public record Request(String prefix, String model, long bucket) {
  }

  /** The thresholds: baseline weight of each new bucket in the moving average. */
  public record Thresholds(double burstFactor, long burstMinimum, long warmupBuckets, double baselineWeight,
                           long memorySeconds) {
  }

  private static final RedisScript SCRIPT = RedisScript.named("key-anomaly");
  private final Redis redis;
  private final Thresholds thresholds;

  public KeyAnomalyCounter(Redis redis, Thresholds thresholds) {
    this.redis = redis;
    this.thresholds = thresholds;
  }

  /** Counts the key's requests, in order, and answers the anomalies among them. */
  public Future<List<Anomaly>> count(long keyId, List<Request> requests) {
    String tag = "sb:ka:{" + keyId + "}";
    List<String> args = new ArrayList<>(5 + 3 * requests.size());
    args.add(Long.toString(thresholds.memorySeconds()));
    args.add(Double.toString(thresholds.burstFactor()));
    args.add(Long.toString(thresholds.burstMinimum()));
    args.add(Long.toString(thresholds.warmupBuckets()));
    args.add(Double.toString(thresholds.baselineWeight()));
    for (Request r : requests) {
      args.add(r.prefix() == null ? "" : r.prefix());
      args.add(r.model() == null ? "" : r.model());
      args.add(Long.toString(r.bucket()));
    }
    return SCRIPT.run(redis, List.of(tag + ":prefixes", tag + ":models", tag + ":rate"), args).map(reply -> {
      List<Anomaly> found = new ArrayList<>();
      for (int i = 0; i + 2 < reply.size(); i += 3) {
        found.add(new Anomaly(reply.get(i).toString(), reply.get(i + 1).toString(), reply.get(i + 2).toInteger()));
      }
      return found;
    });
  }
}
