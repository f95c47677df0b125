package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.dialects.openai.OpenAiRequests;
import io.vertx.ext.web.RoutingContext;

/** OpenAI's SDKs: {@code Authorization: Bearer}, POST /v1/chat/completions. */
final class OpenAiClientApi implements ClientApi {
  @Override
  public Dialect dialect() {
    return Dialect.OPENAI;
  }

  @Override
  public String apiKey(RoutingContext ctx) {
    return ClientApi.bearer(ctx);
  }

  @Override
  public String missingKeyMessage() {
    return "You didn't provide an API key. You need to provide your API key in an Authorization header using "
      + "Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    return OpenAiRequests.decode(ctx.body().buffer())
      .withClientContext(ClientToUpstreamHeaders.of(ctx.request().headers()), ctx.request().query());
  }
}
