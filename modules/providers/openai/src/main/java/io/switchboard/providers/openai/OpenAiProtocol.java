package io.switchboard.providers.openai;

import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.StreamTranslator;
import io.switchboard.dialects.openai.OpenAiRequests;
import io.switchboard.dialects.openai.OpenAiStreamRelay;
import io.switchboard.providers.core.ClientHeaders;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** OpenAI Chat Completions against any OpenAI-compatible base URL (e.g. {@code https://api.openai.com/v1}). */
class OpenAiProtocol implements UpstreamProtocol {

  @Override
  public Dialect dialect() {
    return Dialect.OPENAI;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url(account, call));
    ClientHeaders.forwardOnPassThrough(options, call, dialect());
    options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.ACCEPT, call.request().stream() ? "text/event-stream" : "application/json");
    authenticate(options, account);
    return options;
  }

  /** The chat completions URL of this account. */
  String url(UpstreamAccount account, ProviderCall call) {
    return account.baseUrl() + path(call);
  }

  static String path(ProviderCall call) {
    return call.request().operation() == Operation.EMBEDDINGS ? "/embeddings" : "/chat/completions";
  }

  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    authenticate(options, account);
  }

  void authenticate(RequestOptions options, UpstreamAccount account) {
    if (!account.credential().isEmpty()) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + account.credential());
    }
  }

  @Override
  public Buffer passThroughBody(ProviderCall call) {
    return OpenAiRequests.upstreamBody(call.request(), call.candidate().upstreamModel());
  }

  @Override
  public StreamTranslator passThroughStream(ProviderCall call) {
    return new OpenAiStreamRelay(!call.request().clientWantsUsage());
  }
}
