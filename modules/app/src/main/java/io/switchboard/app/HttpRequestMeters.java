package io.switchboard.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request meters of Vert.x' HTTP servers or clients ({@code vertx_http_server_*}, {@code vertx_http_client_*}),
 * with the names, labels ({@code method}, {@code route} on servers, {@code code}) and help texts Vert.x' Micrometer
 * metrics give them, but each meter built once per label set and kept: Vert.x' implementation builds tags and looks
 * meters up in the registry several times per request (and registers a gauge each time), 4 % of the event loop's time
 * on a plain request. {@link HttpServerMeters} and {@link HttpClientMeters} use one of these each.
 */
final class HttpRequestMeters {
  /**
   * The gauges of requests in flight per registry, side and method: a gauge registered twice keeps its first state,
   * so every Vert.x instance on a registry (tests make several on the process's) counts into one.
   */
  private static final Map<GaugeKey, LongAdder> ACTIVE = new ConcurrentHashMap<>();

  private final MeterRegistry registry;
  private final boolean server;
  private final String prefix;
  private final Map<String, ByMethod> byMethod = new ConcurrentHashMap<>();
  private final Map<ResponseKey, ByResponse> byResponse = new ConcurrentHashMap<>();

  /** {@code side} is {@code server} or {@code client}. */
  HttpRequestMeters(MeterRegistry registry, String side) {
    this.registry = registry;
    this.server = side.equals("server");
    this.prefix = "vertx.http." + side + ".";
  }

  /** The meters of a request's method: in flight, request bytes, requests sent (clients). */
  ByMethod method(String method) {
    return byMethod.computeIfAbsent(method, this::newByMethod);
  }

  /** The meters of an answered request: {@code route} only on servers, {@code code} null when there was none. */
  ByResponse response(String method, String route, String code) {
    ResponseKey key = new ResponseKey(method, route, code);
    ByResponse meters = byResponse.get(key);
    return meters != null ? meters : byResponse.computeIfAbsent(key, this::newByResponse);
  }

  /** Lets go of the gauges' counts kept for {@code registry} (a registry dropped with the Vert.x that used it). */
  static void forget(MeterRegistry registry) {
    ACTIVE.keySet().removeIf(key -> key.registry() == registry);
  }

  /** Websockets open, on a gauge for the whole process. */
  LongAdder websockets() {
    return ACTIVE.computeIfAbsent(new GaugeKey(registry, prefix + "active.ws.connections", ""), name -> {
      LongAdder open = new LongAdder();
      Gauge.builder(prefix + "active.ws.connections", open, LongAdder::doubleValue)
        .description("Number of websockets currently opened").register(registry);
      return open;
    });
  }

  private ByMethod newByMethod(String method) {
    Tags tags = Tags.of("method", method);
    LongAdder active = ACTIVE.computeIfAbsent(new GaugeKey(registry, prefix + "active.requests", method), name -> {
      LongAdder inFlight = new LongAdder();
      Gauge.builder(prefix + "active.requests", inFlight, LongAdder::doubleValue)
        .description(server ? "Number of requests being processed" : "Number of requests waiting for a response")
        .tags(tags).register(registry);
      return inFlight;
    });
    return new ByMethod(method, active,
      DistributionSummary.builder(prefix + "request.bytes").description("Size of requests in bytes").tags(tags)
        .register(registry),
      server ? null : Counter.builder(prefix + "requests").description("Number of requests sent").tags(tags)
        .register(registry));
  }

  /** Counts a request the client reset (servers); rare, so its counter is looked up when it happens. */
  void reset(String method) {
    Counter.builder(prefix + "request.resets").description("Number of request resets").tag("method", method)
      .register(registry).increment();
  }

  private ByResponse newByResponse(ResponseKey key) {
    Tags tags = Tags.of("method", key.method());
    if (key.route() != null) {
      tags = tags.and("route", key.route());
    }
    if (key.code() != null) {
      tags = tags.and("code", key.code());
    }
    return new ByResponse(
      Counter.builder(prefix + (server ? "requests" : "responses"))
        .description(server ? "Number of processed requests" : "Response count with codes").tags(tags)
        .register(registry),
      Timer.builder(prefix + "response.time").description(server ? "Request processing time" : "Response time")
        .tags(tags).register(registry),
      DistributionSummary.builder(prefix + "response.bytes").description("Size of responses in bytes").tags(tags)
        .register(registry));
  }

  record ByMethod(String method, LongAdder active, DistributionSummary requestBytes, Counter requests) {
  }

  record ByResponse(Counter count, Timer time, DistributionSummary bytes) {
  }

  private record ResponseKey(String method, String route, String code) {
  }

  /** A gauge by its registry, name and method ("" for the websockets'): a method may be called anything. */
  private record GaugeKey(MeterRegistry registry, String name, String method) {
  }

  /**
   * One request on its way: its method's meters, when it began, and whether it has left the in-flight gauge, which
   * it does when its response has ended or it was reset, whichever comes first. Vert.x' own meters wait for the
   * request's end as well, and on HTTP/1 a request answered before its body arrived (a refused key, a body too large)
   * whose client then leaves never reports one: it stayed in flight for good.
   */
  static class Request {
    final ByMethod method;
    final long startNanos = System.nanoTime();
    private boolean left;

    Request(ByMethod method) {
      this.method = method;
      method.active().increment();
    }

    void responseEnded(ByResponse response, long bytes) {
      response.count().increment();
      response.time().record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      response.bytes().record(bytes);
      leave();
    }

    void reset() {
      leave();
    }

    private void leave() {
      if (!left) {
        left = true;
        method.active().decrement();
      }
    }
  }

  /** The route label Vert.x gives a request routed through several routes: their paths joined by {@code >}. */
  static String route(Object routes) {
    if (routes == null) {
      return "";
    }
    if (routes instanceof String single) {
      return single;
    }
    @SuppressWarnings("unchecked")
    List<String> several = (List<String>) routes;
    return String.join(">", several);
  }

  static String code(int status) {
    return status >= 100 && status < 600 ? CODES[status - 100] : Integer.toString(status);
  }

  private static final String[] CODES = new String[500];

  static {
    for (int i = 0; i < CODES.length; i++) {
      CODES[i] = Integer.toString(i + 100);
    }
  }
}
