package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Operation;
import io.switchboard.api.ProviderKind;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** POST /v1/embeddings: OpenAI's embeddings, passed to OpenAI-style accounts that serve the model. */
final class OpenAiEmbeddingsApi extends DelegatingClientApi {
  OpenAiEmbeddingsApi(ClientApi openai) {
    super(openai);
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx.body().buffer());
    if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "you must provide a model parameter");
    }
    if (body.getValue("input") == null) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Missing required parameter: 'input'.");
    }
    return new ChatRequest(Dialect.OPENAI, model, false, false, false, body,
      ClientToUpstreamHeaders.of(ctx.request().headers()), ctx.request().query(), Operation.EMBEDDINGS);
  }

  @Override
  public List<ProviderKind> providerKinds() {
    return List.of(ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI);
  }
}
