package io.switchboard.providers.openai;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

/**
 * OpenAI's Responses API at an {@link OpenAiEndpoint}: a Responses client's body goes on as sent, but for the
 * upstream's model name; other dialects are converted to it. Usage is read from the stream on the side.
 */
final class OpenAiResponsesProtocol implements UpstreamProtocol {
  private final OpenAiEndpoint endpoint;

  OpenAiResponsesProtocol(OpenAiEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public Dialect dialect() {
    return Dialect.RESPONSES;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    return endpoint.post(account, call, dialect(), OpenAiEndpoint.RESPONSES);
  }

  /** The endpoint's credential on a pass-through request (a bearer key; Azure's {@code api-key}). */
  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    endpoint.authenticate(options, account);
  }

  @Override
  public Buffer passThroughBody(UpstreamAccount account, ProviderCall call) {
    return call.request().bodyWithModel(call.candidate().upstreamModel()).toBuffer();
  }
}
