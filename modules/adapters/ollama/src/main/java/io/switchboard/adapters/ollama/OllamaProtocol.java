package io.switchboard.adapters.ollama;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.dialects.WireFormat;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Ollama's {@code POST <baseUrl>/api/chat} (base URL like {@code http://localhost:11434}). Ollama asks for no key;
 * an account's credential, when it has one, goes as a bearer token for a proxy in front of it. The adapter's version
 * travels in the {@code User-Agent}.
 */
final class OllamaProtocol implements UpstreamProtocol {
  static final String CHAT = "/api/chat";
  private static final OllamaWireFormat FORMAT = new OllamaWireFormat();
  private final String userAgent;

  OllamaProtocol(String adapterVersion) {
    this.userAgent = "switchboard-ollama/" + adapterVersion;
  }

  /** No client speaks Ollama's wire: every call is converted through the canonical model. */
  @Override
  public Dialect dialect() {
    return null;
  }

  @Override
  public WireFormat format() {
    return FORMAT;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
      .setAbsoluteURI(stripSlash(account.baseUrl()) + CHAT)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.ACCEPT, call.request().stream() ? "application/x-ndjson" : "application/json")
      .putHeader(HttpHeaders.USER_AGENT, userAgent);
    authorize(options, null, account, body);
    return options;
  }

  /** Ollama takes no key of its own; one behind a proxy that wants a bearer token gets the account's. */
  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    if (!account.credential().isEmpty()) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + account.credential());
    }
  }

  /** Never called: no client dialect is Ollama's ({@link #dialect()}). */
  @Override
  public Buffer passThroughBody(UpstreamAccount account, ProviderCall call) {
    throw new IllegalStateException("no client speaks Ollama's wire");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
