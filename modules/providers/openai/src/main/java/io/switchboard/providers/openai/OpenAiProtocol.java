package io.switchboard.providers.openai;

import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.StreamTranslator;
import io.switchboard.dialects.openai.OpenAiRequests;
import io.switchboard.dialects.openai.OpenAiStreamRelay;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

/**
 * OpenAI Chat Completions (and embeddings) at an {@link OpenAiEndpoint}. A call goes to the account's Responses API
 * instead ({@link OpenAiResponsesProtocol}) when {@link OpenAiApis} says so: a Responses client on a kind that
 * serves it natively, or an account that serves only the Responses API.
 */
final class OpenAiProtocol implements UpstreamProtocol {
  private final OpenAiEndpoint endpoint;
  private final boolean respondsNatively;
  private final OpenAiResponsesProtocol responses;

  /** {@code respondsNatively}: this kind serves the Responses API unless an account says {@code api: chat}. */
  OpenAiProtocol(OpenAiEndpoint endpoint, boolean respondsNatively) {
    this.endpoint = endpoint;
    this.respondsNatively = respondsNatively;
    this.responses = new OpenAiResponsesProtocol(endpoint);
  }

  @Override
  public Dialect dialect() {
    return Dialect.OPENAI;
  }

  @Override
  public UpstreamProtocol serving(UpstreamAccount account, ProviderCall call) {
    return OpenAiApis.of(account.options(), call.request(), respondsNatively) == Dialect.RESPONSES ? responses : this;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    String path = call.request().operation() == Operation.EMBEDDINGS ? OpenAiEndpoint.EMBEDDINGS : OpenAiEndpoint.CHAT;
    return endpoint.post(account, call, dialect(), path);
  }

  /** The endpoint's credential on a pass-through request (a bearer key; Azure's {@code api-key}). */
  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    endpoint.authenticate(options, account);
  }

  @Override
  public Buffer passThroughBody(UpstreamAccount account, ProviderCall call) {
    return OpenAiRequests.upstreamBody(call.request(), call.candidate().upstreamModel());
  }

  @Override
  public StreamTranslator passThroughStream(ProviderCall call) {
    return new OpenAiStreamRelay(!call.request().clientWantsUsage());
  }
}
