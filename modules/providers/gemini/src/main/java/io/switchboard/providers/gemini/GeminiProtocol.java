package io.switchboard.providers.gemini;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.ClientHeaders;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Google's Gemini API at the account's base URL ({@code https://generativelanguage.googleapis.com}): the model in
 * the path, the key in {@code x-goog-api-key}, streams always asked for as SSE ({@code alt=sse}).
 */
final class GeminiProtocol implements UpstreamProtocol {

  @Override
  public Dialect dialect() {
    return Dialect.GEMINI;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    String model = URLEncoder.encode(call.candidate().upstreamModel(), StandardCharsets.UTF_8);
    String action = call.request().stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
    String query = ClientHeaders.query(call, dialect());
    String url = account.baseUrl() + "/v1beta/models/" + model + action;
    if (query != null) {
      url += (url.contains("?") ? "&" : "?") + query;
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url);
    ClientHeaders.forwardOnPassThrough(options, call, dialect());
    authorize(options, url, account, body);
    return options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
  }

  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    options.putHeader("x-goog-api-key", account.credential());
  }

  @Override
  public Buffer passThroughBody(ProviderCall call) {
    return call.request().body().toBuffer(); // the model travels in the URL
  }
}
