package io.switchboard.ingress;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.Usage;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The access log: one line per client request on the logger {@code switchboard.access} as it ends
 * ({@code logging.accessLog}), its facts as key-value pairs; the request's id, key id, account id and model come with
 * every line of the request ({@link io.switchboard.api.RequestLog}). Health checks and metric scrapes are left out.
 * Nothing is built when it is off.
 */
final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard.access");
  private final boolean on;

  AccessLog(boolean configured) {
    this.on = configured && LOG.isInfoEnabled();
  }

  /** For a route that is no upstream call: logs the request once its response has been written. */
  void watch(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!on || "/healthz".equals(path) || "/readyz".equals(path) || "/metrics".equals(path)) {
      return;
    }
    long startNanos = System.nanoTime();
    // not addEndHandler: that takes over the response's end and close handlers, which ConnectionBounds counts with
    ctx.addBodyEndHandler(written -> {
      if (ctx.get(UpstreamCallRoute.EXCHANGE) == null) { // an upstream call logs itself, with its tokens
        int status = ctx.response().getStatusCode();
        line(ctx.request(), status, startNanos).addKeyValue("outcome", status < 400 ? "ok" : "refused").log();
      }
    });
  }

  /** An upstream call's line, once it has been recorded. */
  void exchange(Exchange ex, Dialect dialect, int status, Usage used, long firstByteNanos, String outcome,
                ErrorClass errorClass) {
    if (!on) {
      return;
    }
    LoggingEventBuilder line = line(ex.ctx.request(), status, ex.startNanos)
      .addKeyValue("dialect", dialect.name().toLowerCase(Locale.ROOT));
    if (ex.request != null) {
      line.addKeyValue("stream", ex.request.stream());
    }
    if (firstByteNanos >= 0) {
      line.addKeyValue("ttfbMs", TimeUnit.NANOSECONDS.toMillis(firstByteNanos - ex.startNanos));
    }
    line.addKeyValue("inputTokens", used.inputTokens()).addKeyValue("outputTokens", used.outputTokens())
      .addKeyValue("outcome", outcome);
    if (errorClass != null) {
      line.addKeyValue("errorClass", errorClass.wireName());
    }
    if (ex.identity.clientNamed() && ex.principal != null) {
      line.addKeyValue("usageId", ex.requestId); // the usage row of a request the client named itself
    }
    line.log();
  }

  private static LoggingEventBuilder line(HttpServerRequest request, int status, long startNanos) {
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    return LOG.atInfo().setMessage("{} {} {} {}ms").addArgument(request.method()).addArgument(request.path())
      .addArgument(status).addArgument(latencyMs)
      .addKeyValue("method", request.method().name()).addKeyValue("path", request.path())
      .addKeyValue("status", status).addKeyValue("latencyMs", latencyMs);
  }
}
