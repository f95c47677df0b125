package io.switchboard.ingress;

import io.switchboard.api.ClientAddress;
import io.switchboard.api.ConnectionBounds;
import io.switchboard.api.HeldBytes;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The ingress's configuration, validated once at start; messages name the bad key. The ingress owns no timer on an
 * upstream: {@code upstreamTimeoutMs} and {@code streamLivenessMs} only catch a provider that no longer answers (see
 * the table in the providers' StreamPump). Its own timers bound what a client may hold: {@link ClientLimits}.
 */
record IngressSettings(String host, int port, long maxBodyBytes, ClientLimits limits, long streamWindowBytes,
                       int maxAttempts, long controlTimeoutMs, long upstreamTimeoutMs, long streamLivenessMs,
                       long drainMs, RetryPolicy retry, PassThroughLimits passThrough, BodyCaptureLimits bodies,
                       boolean accessLog, long heldBodyBytes, int maxCallsInFlight, ClientAddress clientAddress) {
  /**
   * Heap per call in flight that {@code http.maxCallsInFlight}'s default allows for: a stream held about 44 KiB and a
   * plain call waiting on its upstream about 20 (the README), with room for what the heap holds besides.
   */
  static final long HEAP_PER_CALL = 96 * 1024;
  /**
   * Heap per client connection that {@code http.maxConnections}' default allows for: an idle keep-alive connection
   * holds about 8 KiB (its Netty and Vert.x state), and those carrying calls are bounded by the calls' own bound.
   */
  static final long HEAP_PER_CONNECTION = 32 * 1024;
  /**
   * The most {@code http.maxConnections}' default allows however large the heap (the fixed bound it had before): past
   * it, a process's open-file limit (often 65,536) may run out before the bound applies.
   */
  static final int MAX_DEFAULT_CONNECTIONS = 10_000;

  /**
   * What one client may hold of the server: connections per process, the time to its first request head, to a whole
   * request body, and between requests on an idle connection; and whether cleartext HTTP/2 is spoken at all.
   */
  record ClientLimits(int maxConnections, long headTimeoutMs, long bodyTimeoutMs, long idleTimeoutMs, boolean h2c) {
    /** What {@link ConnectionBounds} holds the client port's connections to. */
    ConnectionBounds.Limits connections() {
      return new ConnectionBounds.Limits(maxConnections, headTimeoutMs, idleTimeoutMs);
    }
  }

  /**
   * Pass-through bodies: read whole (and retryable on another account) up to {@code bufferBytes}, streamed to the
   * upstream beyond; refused with 413 above {@code maxBodyBytes} (0: no limit).
   */
  record PassThroughLimits(long bufferBytes, long maxBodyBytes) {
  }

  /** {@code bodies}: capture every key's bodies, or only those of keys and groups switched on; each cut at maxBytes. */
  record BodyCaptureLimits(boolean captureAll, int maxBytes) {
  }

  static IngressSettings from(JsonObject conf) {
    JsonObject http = conf.getJsonObject("http", new JsonObject());
    long maxConnections = notNegative(http, "maxConnections", "one per 32 KiB of heap, 10000 at most");
    long heldBodyBytes = notNegative(http, "heldBodyBytes", "an eighth of the heap");
    long maxCallsInFlight = notNegative(http, "maxCallsInFlight", "one per 96 KiB of heap");
    long heap = Runtime.getRuntime().maxMemory();
    ClientLimits limits = new ClientLimits(perHeap(maxConnections, heap, HEAP_PER_CONNECTION, MAX_DEFAULT_CONNECTIONS),
      http.getLong("headTimeoutMs", 10_000L), http.getLong("bodyTimeoutMs", 60_000L),
      http.getLong("idleTimeoutMs", 60_000L), http.getBoolean("h2c", false));
    JsonObject passThrough = conf.getJsonObject("passThrough", new JsonObject());
    IngressSettings s = new IngressSettings(http.getString("host", "0.0.0.0"), http.getInteger("port", 8080),
      http.getLong("maxBodyBytes", 10L * 1024 * 1024), limits, conf.getLong("streamWindowBytes", 131072L),
      conf.getInteger("maxAttempts", 4), conf.getLong("controlTimeoutMs", 5000L),
      conf.getLong("upstreamTimeoutMs", 960_000L), conf.getLong("streamLivenessMs", 30_000L),
      conf.getJsonObject("shutdown", new JsonObject()).getLong("drainSeconds", 30L) * 1000,
      RetryPolicy.from(conf.getInteger("maxAttempts", 4), conf.getJsonObject("retry", new JsonObject())),
      new PassThroughLimits(passThrough.getLong("bufferBytes", 1L << 20), passThrough.getLong("maxBodyBytes", 0L)),
      bodies(conf.getJsonObject("bodies", new JsonObject())),
      conf.getJsonObject("logging", new JsonObject()).getBoolean("accessLog", true),
      HeldBytes.bound(heldBodyBytes), perHeap(maxCallsInFlight, heap, HEAP_PER_CALL, Integer.MAX_VALUE),
      ClientAddress.of(http, "http"));
    positive("http.port", s.port);
    positive("http.maxBodyBytes", s.maxBodyBytes);
    positive("http.headTimeoutMs", limits.headTimeoutMs());
    positive("http.bodyTimeoutMs", limits.bodyTimeoutMs());
    positive("http.idleTimeoutMs", limits.idleTimeoutMs());
    if (s.streamWindowBytes < 4096) {
      throw new IllegalArgumentException("ingress.streamWindowBytes must be at least 4096");
    }
    positive("ingress.maxAttempts", s.maxAttempts);
    positive("ingress.controlTimeoutMs", s.controlTimeoutMs);
    positive("ingress.upstreamTimeoutMs", s.upstreamTimeoutMs);
    positive("ingress.streamLivenessMs", s.streamLivenessMs);
    positive("ingress.passThrough.bufferBytes", s.passThrough.bufferBytes());
    if (s.passThrough.maxBodyBytes() < 0) {
      throw new IllegalArgumentException("ingress.passThrough.maxBodyBytes must be 0 (no limit) or positive");
    }
    if (s.drainMs < 0) {
      throw new IllegalArgumentException("shutdown.drainSeconds must not be negative");
    }
    return s;
  }

  private static BodyCaptureLimits bodies(JsonObject bodies) {
    Object all = bodies.getValue("captureAll", Boolean.FALSE);
    if (!(all instanceof Boolean captureAll)) {
      throw new IllegalArgumentException("bodies.captureAll must be true or false");
    }
    long maxBytes = bodies.getLong("maxBytes", 65_536L);
    if (maxBytes < 1 || maxBytes > 16 << 20) {
      throw new IllegalArgumentException("bodies.maxBytes must be from 1 to 16777216");
    }
    return new BodyCaptureLimits(captureAll, (int) maxBytes);
  }

  DeliveryOptions controlDelivery() {
    return new DeliveryOptions().setSendTimeout(controlTimeoutMs);
  }

  DeliveryOptions upstreamDelivery() {
    return new DeliveryOptions().setSendTimeout(upstreamTimeoutMs);
  }

  /**
   * A configured count, or where 0, one per {@code heapEach} bytes of a heap of {@code heapBytes}, {@code atMost} at
   * most.
   */
  static int perHeap(long configured, long heapBytes, long heapEach, long atMost) {
    long count = configured != 0 ? configured : Math.max(1, Math.min(heapBytes / heapEach, atMost));
    return (int) Math.min(count, Integer.MAX_VALUE);
  }

  /** {@code http.<key>}, which must not be negative; 0, its default, means what {@code zeroMeans} says. */
  private static long notNegative(JsonObject http, String key, String zeroMeans) {
    long value = http.getLong(key, 0L);
    if (value < 0) {
      throw new IllegalArgumentException("http." + key + " must not be negative (0: " + zeroMeans + ")");
    }
    return value;
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
  }
}
