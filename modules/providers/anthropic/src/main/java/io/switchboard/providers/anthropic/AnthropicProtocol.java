package io.switchboard.providers.anthropic;

import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.AnthropicBetas;
import io.switchboard.providers.core.ClientHeaders;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamPost;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;

/**
 * Anthropic's Messages API at the account's base URL ({@code https://api.anthropic.com}): {@code x-api-key}, the
 * client's {@code anthropic-version} and {@code anthropic-beta} on pass-through, else {@code 2023-06-01}; the betas
 * an account lists in {@code options.dropBetas} are left out.
 */
final class AnthropicProtocol implements UpstreamProtocol {
  static final String DEFAULT_VERSION = "2023-06-01";

  @Override
  public Dialect dialect() {
    return Dialect.ANTHROPIC;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    String query = ClientHeaders.query(call, dialect());
    String url = account.baseUrl() + path(call) + (query == null ? "" : "?" + query);
    RequestOptions options = UpstreamPost.to(url, query != null);
    ClientHeaders.forwardOnPassThrough(options, call, dialect());
    authorize(options, url, account, body);
    return options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.ACCEPT, call.request().stream() ? "text/event-stream" : "application/json");
  }

  /**
   * {@code x-api-key}; the client's beta flags less those the account drops ({@code options.dropBetas}); the default
   * {@code anthropic-version} when the client named none.
   */
  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    if (options.getHeaders() != null && options.getHeaders().contains(AnthropicBetas.HEADER)) {
      String betas = AnthropicBetas.kept(options.getHeaders().get(AnthropicBetas.HEADER), account.options());
      options.removeHeader(AnthropicBetas.HEADER);
      if (betas != null) {
        options.putHeader(AnthropicBetas.HEADER, betas);
      }
    }
    if (options.getHeaders() == null || !options.getHeaders().contains("anthropic-version")) {
      options.putHeader("anthropic-version", DEFAULT_VERSION);
    }
    options.putHeader("x-api-key", account.credential());
  }

  private static String path(ProviderCall call) {
    return call.request().operation() == Operation.COUNT_TOKENS ? "/v1/messages/count_tokens" : "/v1/messages";
  }

  @Override
  public Buffer passThroughBody(UpstreamAccount account, ProviderCall call) {
    return call.request().bodyWithModel(call.candidate().upstreamModel()).toBuffer();
  }
}
