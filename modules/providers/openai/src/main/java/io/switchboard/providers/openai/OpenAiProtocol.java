package io.switchboard.providers.openai;

import io.switchboard.api.ProviderCall;
import io.switchboard.api.Usage;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.switchboard.dialects.openai.OpenAiRequests;
import io.switchboard.dialects.openai.OpenAiStreamRelay;
import io.switchboard.dialects.openai.OpenAiUsage;
import io.switchboard.api.StreamTranslator;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** OpenAI Chat Completions against any OpenAI-compatible base URL (e.g. {@code https://api.openai.com/v1}). */
final class OpenAiProtocol implements UpstreamProtocol {

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setAbsoluteURI(account.baseUrl() + "/chat/completions")
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.ACCEPT, call.request().stream() ? "text/event-stream" : "application/json");
    if (!account.credential().isEmpty()) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + account.credential());
    }
    return options;
  }

  @Override
  public Buffer body(ProviderCall call) {
    return OpenAiRequests.upstreamBody(call.request(), call.candidate().upstreamModel());
  }

  @Override
  public Usage usageOf(Buffer body) {
    try {
      return OpenAiUsage.from(body.toJsonObject().getValue("usage"));
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  @Override
  public StreamTranslator streamTranslator(ProviderCall call) {
    return new OpenAiStreamRelay(!call.request().clientWantsUsage());
  }

  @Override
  public String errorMessage(Buffer body) {
    JsonObject error = OpenAiErrors.parse(body);
    return error == null ? null : error.getString("message");
  }
}
