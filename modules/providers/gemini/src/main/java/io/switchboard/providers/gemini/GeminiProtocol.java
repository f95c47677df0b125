package io.switchboard.providers.gemini;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.ClientHeaders;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamPost;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
    RequestOptions options = UpstreamPost.to(url, query != null);
    ClientHeaders.forwardOnPassThrough(options, call, dialect());
    authorize(options, url, account, body);
    return options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
  }

  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    options.putHeader("x-goog-api-key", account.credential());
  }

  /**
   * Google answers an invalid key with 400 INVALID_ARGUMENT whose details carry the reason {@code API_KEY_INVALID}:
   * the account's fault, not the client's.
   */
  @Override
  public boolean refusesCredential(int status, Buffer body) {
    if (UpstreamProtocol.super.refusesCredential(status, body)) {
      return true;
    }
    if (status != 400) {
      return false;
    }
    try {
      JsonObject error = body.toJsonObject().getJsonObject("error");
      JsonArray details = error == null ? null : error.getJsonArray("details");
      if (details != null) {
        for (Object detail : details) {
          if (detail instanceof JsonObject info && "API_KEY_INVALID".equals(info.getString("reason"))) {
            return true;
          }
        }
      }
      return false;
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  @Override
  public Buffer passThroughBody(UpstreamAccount account, ProviderCall call) {
    return call.request().body().toBuffer(); // the model travels in the URL
  }
}
