package io.switchboard.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP server's metrics: its requests on {@link HttpRequestMeters} (labels {@code method}, {@code route},
 * {@code code}), its connections and bytes on Vert.x' own meters ({@link HttpConnectionMeters}).
 */
final class HttpServerMeters extends HttpConnectionMeters
    implements HttpServerMetrics<HttpServerMeters.ServerRequest, LongAdder, Object> {
  private final HttpRequestMeters meters;

  HttpServerMeters(HttpServerMetrics<?, ?, ?> connections, MeterRegistry registry) {
    super(connections);
    this.meters = new HttpRequestMeters(registry, "server");
  }

  /** A request to this server and the routes it went through, as Vert.x names them. */
  static final class ServerRequest extends HttpRequestMeters.Request {
    private Object routes; // one route's path, or a list of several

    ServerRequest(HttpRequestMeters.ByMethod method) {
      super(method);
    }

    @SuppressWarnings("unchecked")
    void routed(String route) {
      if (route == null) {
        return;
      }
      if (routes == null) {
        routes = route;
      } else if (routes instanceof String first) {
        List<String> several = new ArrayList<>(4);
        several.add(first);
        several.add(route);
        routes = several;
      } else {
        ((List<String>) routes).add(route);
      }
    }
  }

  @Override
  public ServerRequest requestBegin(Object socket, HttpRequest request) {
    return new ServerRequest(meters.method(request.method().name()));
  }

  @Override
  public void requestEnd(ServerRequest request, HttpRequest ignored, long bytesRead) {
    request.method.requestBytes().record(bytesRead);
  }

  @Override
  public void requestReset(ServerRequest request) {
    meters.reset(request.method.method());
    request.reset();
  }

  @Override
  public ServerRequest responsePushed(Object socket, HttpMethod method, String uri, HttpResponse response) {
    return new ServerRequest(meters.method(method.name()));
  }

  @Override
  public void responseEnd(ServerRequest request, HttpResponse response, long bytesWritten) {
    request.responseEnded(meters.response(request.method.method(), HttpRequestMeters.route(request.routes),
      HttpRequestMeters.code(response.statusCode())), bytesWritten);
  }

  @Override
  public void requestRouted(ServerRequest request, String route) {
    request.routed(route);
  }

  @Override
  public LongAdder connected(Object socket, ServerRequest request, ServerWebSocket websocket) {
    LongAdder open = meters.websockets();
    open.increment();
    return open;
  }
}
