package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Anthropic's SDKs and Claude Code: {@code x-api-key} (or Bearer), POST /v1/messages. */
final class AnthropicClientApi implements ClientApi {
  @Override
  public Dialect dialect() {
    return Dialect.ANTHROPIC;
  }

  @Override
  public String apiKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("x-api-key");
    return key != null && !key.isBlank() ? key.trim() : ClientApi.bearer(ctx);
  }

  @Override
  public String missingKeyMessage() {
    return "x-api-key header is required";
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx.body().buffer());
    // the full decode validates every field, so a bad request is refused here, in Anthropic's words
    var canonical = format().decodeRequest(body, null, false);
    boolean stream = Boolean.TRUE.equals(body.getValue("stream"));
    return new ChatRequest(Dialect.ANTHROPIC, canonical.model(), stream, true, false, body,
      ClientToUpstreamHeaders.of(ctx.request().headers()), ctx.request().query(), Operation.CHAT);
  }
}
