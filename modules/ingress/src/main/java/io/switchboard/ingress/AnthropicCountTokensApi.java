package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.ProviderKind;
import io.switchboard.dialects.anthropic.AnthropicTokenCounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * POST /v1/messages/count_tokens: counted by an Anthropic account that serves the model (exact, unless the account
 * says {@code countTokens: false}), else estimated here ({@link AnthropicTokenCounts}), so Claude Code's context
 * accounting works whatever the upstream. An estimate says so in a header.
 */
final class AnthropicCountTokensApi extends DelegatingClientApi {
  AnthropicCountTokensApi(ClientApi anthropic) {
    super(anthropic);
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx.body().buffer());
    // a count needs no max_tokens: validate the rest as a messages request
    format().decodeRequest(body.copy().put("max_tokens", 1), null, false);
    return new ChatRequest(Dialect.ANTHROPIC, body.getString("model"), false, false, false, body,
      ClientToUpstreamHeaders.of(ctx.request().headers()), ctx.request().query(), Operation.COUNT_TOKENS);
  }

  @Override
  public List<ProviderKind> providerKinds() {
    return List.of(ProviderKind.ANTHROPIC);
  }

  /** Counted on a worker thread ({@link WorkerCounts}): a long conversation is milliseconds of tokenizing. */
  @Override
  public Future<Buffer> answerWithoutUpstream(Vertx vertx, ChatRequest request, HttpServerResponse response) {
    return WorkerCounts.run(vertx, () -> AnthropicTokenCounts.estimate(request.body())).map(count -> {
      if (!response.headWritten()) { // else answered meanwhile (the gateway stopping)
        response.putHeader(AnthropicTokenCounts.HEADER, AnthropicTokenCounts.ESTIMATED);
      }
      return count;
    });
  }
}
