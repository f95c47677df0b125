package io.switchboard.providers.core;

import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import java.util.Map;

/**
 * An account ready to call: its base URL, decrypted credential and provider options, the outbound proxy its calls go
 * through (its own or its group's; null: direct) and the static headers it sends. Never printed.
 */
public record UpstreamAccount(long id, String name, String baseUrl, String credential, JsonObject options,
                             ProxyOptions proxy, Map<String, String> headers) {

  public UpstreamAccount {
    headers = headers == null ? Map.of() : headers;
  }

  /** An account called directly, with no headers of its own. */
  public UpstreamAccount(long id, String name, String baseUrl, String credential, JsonObject options) {
    this(id, name, baseUrl, credential, options, null, Map.of());
  }

  /** Sends this request the account's way: through its proxy, with its headers. */
  public RequestOptions route(RequestOptions request) {
    headers.forEach(request::putHeader);
    return proxy == null ? request : request.setProxyOptions(new ProxyOptions(proxy));
  }

  /** What hides this account's credential and whereabouts in the upstream's words (made when an error needs it). */
  public SecretScrubber scrubber() {
    return SecretScrubber.of(credential, baseUrl);
  }

  @Override
  public String toString() {
    return "UpstreamAccount[id=" + id + ", name=" + name + "]";
  }
}
