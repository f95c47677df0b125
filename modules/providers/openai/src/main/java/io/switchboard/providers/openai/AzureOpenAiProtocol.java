package io.switchboard.providers.openai;

import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.UpstreamAccount;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Azure OpenAI: the account's base URL is the resource ({@code https://NAME.openai.azure.com}), the upstream model
 * name is the deployment, {@code options.apiVersion} the API version, and the key goes in {@code api-key}.
 */
final class AzureOpenAiProtocol extends OpenAiProtocol {
  static final String DEFAULT_API_VERSION = "2024-10-21";

  @Override
  String url(UpstreamAccount account, ProviderCall call) {
    String deployment = URLEncoder.encode(call.candidate().upstreamModel(), StandardCharsets.UTF_8);
    String version = account.options().getString("apiVersion", DEFAULT_API_VERSION);
    return account.baseUrl() + "/openai/deployments/" + deployment + path(call) + "?api-version="
      + URLEncoder.encode(version, StandardCharsets.UTF_8);
  }

  @Override
  void authenticate(RequestOptions options, UpstreamAccount account) {
    options.putHeader("api-key", account.credential());
  }
}
