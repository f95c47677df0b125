package io.switchboard.providers.core;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.vertx.core.http.RequestOptions;

/**
 * The client's own headers on a same-dialect call: forwarded so that provider features the gateway does not model
 * (beta flags, SDK telemetry, idempotency keys) keep working. The ingress already removed credentials, hop-by-hop
 * and framing headers; the protocol sets its own auth and content headers after this.
 */
public final class ClientHeaders {
  private ClientHeaders() {
  }

  public static void forwardOnPassThrough(RequestOptions options, ProviderCall call, Dialect upstream) {
    if (call.request().dialect() == upstream) {
      call.request().headers().forEach(options::putHeader);
    }
  }

  /** The client's query string when it speaks the upstream's dialect (e.g. Claude Code's {@code ?beta=true}). */
  public static String query(ProviderCall call, Dialect upstream) {
    String query = call.request().query();
    return call.request().dialect() == upstream && query != null && !query.isEmpty() ? query : null;
  }
}
