package io.switchboard.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.WebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP client's metrics: its requests on {@link HttpRequestMeters} (labels {@code method}, {@code code}), its
 * connections and bytes on Vert.x' own meters ({@link HttpConnectionMeters}).
 */
final class HttpClientMeters extends HttpConnectionMeters
    implements HttpClientMetrics<HttpClientMeters.ClientRequest, LongAdder, Object> {
  private final HttpRequestMeters meters;
  private final Endpoint endpoint = new Endpoint();

  HttpClientMeters(HttpClientMetrics<?, ?, ?> connections, MeterRegistry registry) {
    super(connections);
    this.meters = new HttpRequestMeters(registry, "client");
  }

  /** A request this client sent, and the status of its answer once it began. */
  static final class ClientRequest extends HttpRequestMeters.Request {
    private String code;

    ClientRequest(HttpRequestMeters.ByMethod method) {
      super(method);
    }
  }

  /** Every endpoint counts alike: the remote address is no label. */
  private final class Endpoint implements ClientMetrics<ClientRequest, HttpRequest, HttpResponse> {
    @Override
    public ClientRequest requestBegin(String uri, HttpRequest request) {
      HttpRequestMeters.ByMethod method = meters.method(request.method().name());
      method.requests().increment();
      return new ClientRequest(method);
    }

    @Override
    public void requestEnd(ClientRequest request, long bytesWritten) {
      request.method.requestBytes().record(bytesWritten);
    }

    @Override
    public void requestReset(ClientRequest request) {
      request.reset();
    }

    @Override
    public void responseBegin(ClientRequest request, HttpResponse response) {
      request.code = HttpRequestMeters.code(response.statusCode());
    }

    @Override
    public void responseEnd(ClientRequest request, long bytesRead) {
      request.responseEnded(meters.response(request.method.method(), null, request.code), bytesRead);
    }
  }

  @Override
  public ClientMetrics<ClientRequest, HttpRequest, HttpResponse> createEndpointMetrics(SocketAddress remoteAddress,
                                                                                      int maxPoolSize) {
    return endpoint;
  }

  @Override
  public LongAdder connected(WebSocket websocket) {
    LongAdder open = meters.websockets();
    open.increment();
    return open;
  }
}
