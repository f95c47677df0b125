package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.Principal;
import io.switchboard.dialects.responses.ResponsesWireFormat;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** OpenAI's Responses API (Codex CLI, {@code client.responses}): {@code Authorization: Bearer}, POST /v1/responses. */
final class ResponsesClientApi extends DelegatingClientApi {
  ResponsesClientApi(ClientApi openai) {
    super(openai);
  }

  @Override
  public Dialect dialect() {
    return Dialect.RESPONSES;
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx.body().buffer());
    // the full decode validates every field, so a bad request is refused here, in OpenAI's words
    String model = ((ResponsesWireFormat) format()).decode(body, null, false).request().model();
    boolean stream = Boolean.TRUE.equals(body.getValue("stream"));
    return new ChatRequest(Dialect.RESPONSES, model, stream, true, false, body,
      ClientToUpstreamHeaders.of(ctx.request().headers()), ctx.request().query(), Operation.CHAT);
  }

  /** A stored response the request continues, and whether its answer is kept. */
  @Override
  public Future<Conversation> conversation(EventBus bus, IngressSettings settings, Principal principal,
                                           ChatRequest request, String requestId) {
    return ResponsesConversation.load(bus, settings.controlDelivery(), principal.keyId(), requestId, request);
  }
}
