package io.switchboard.providers.openai;

import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.UpstreamAccount;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Azure OpenAI: the account's base URL is the resource ({@code https://NAME.openai.azure.com}) and the key goes in
 * {@code api-key}. Chat completions and embeddings are per deployment (the upstream model name) with
 * {@code options.apiVersion}; the Responses API is the resource's v1 API ({@code /openai/v1/responses}, the
 * deployment named in the body), with {@code options.responsesApiVersion} as {@code api-version} when set.
 */
final class AzureOpenAiEndpoint extends OpenAiEndpoint {
  static final String DEFAULT_API_VERSION = "2024-10-21";

  @Override
  String url(UpstreamAccount account, ProviderCall call, String path) {
    if (path.equals(RESPONSES)) {
      String version = account.options().getString("responsesApiVersion");
      return account.baseUrl() + "/openai/v1" + path + (version == null ? "" : "?api-version=" + encode(version));
    }
    String deployment = encode(call.candidate().upstreamModel());
    String version = account.options().getString("apiVersion", DEFAULT_API_VERSION);
    return account.baseUrl() + "/openai/deployments/" + deployment + path + "?api-version=" + encode(version);
  }

  @Override
  void authenticate(RequestOptions options, UpstreamAccount account) {
    options.putHeader("api-key", account.credential());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
