package io.switchboard.providers.openai;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.ClientHeaders;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamPost;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;

/**
 * Where an OpenAI-family account's APIs live and how it is called: the account's base URL (e.g.
 * {@code https://api.openai.com/v1}) followed by the API's path, with a bearer key. Azure's resource URLs and
 * {@code api-key} header are {@link AzureOpenAiEndpoint}'s.
 */
class OpenAiEndpoint {
  static final String CHAT = "/chat/completions";
  static final String EMBEDDINGS = "/embeddings";
  static final String RESPONSES = "/responses";

  /** The URL of {@code path} (one of the constants above) for this call. */
  String url(UpstreamAccount account, ProviderCall call, String path) {
    return account.baseUrl() + path;
  }

  void authenticate(RequestOptions options, UpstreamAccount account) {
    if (!account.credential().isEmpty()) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + account.credential());
    }
  }

  /** A POST to {@code path}: the client's own headers when it speaks {@code api}, JSON in, SSE or JSON out. */
  final RequestOptions post(UpstreamAccount account, ProviderCall call, Dialect api, String path) {
    RequestOptions options = UpstreamPost.to(url(account, call, path));
    ClientHeaders.forwardOnPassThrough(options, call, api);
    options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.ACCEPT, call.request().stream() ? "text/event-stream" : "application/json");
    authenticate(options, account);
    return options;
  }
}
