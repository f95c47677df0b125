package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a pass-through client may put its Switchboard key, whatever SDK it uses: {@code Authorization: Bearer}
 * (OpenAI and most), {@code x-api-key} (Anthropic), {@code api-key} (Azure), {@code x-goog-api-key} or {@code ?key=}
 * (Google). None of them is forwarded. Errors the gateway itself answers are in OpenAI's shape.
 */
final class PassThroughKeys implements ClientApi {
  @Override
  public Dialect dialect() {
    return Dialect.OPENAI;
  }

  @Override
  public String apiKey(RoutingContext ctx) {
    String bearer = ClientApi.bearer(ctx);
    if (bearer != null) {
      return bearer;
    }
    for (String header : new String[] {"x-api-key", "api-key", "x-goog-api-key"}) {
      String key = ctx.request().getHeader(header);
      if (key != null && !key.isBlank()) {
        return key.trim();
      }
    }
    String key = ctx.request().getParam("key");
    return key == null || key.isBlank() ? null : key;
  }

  @Override
  public String missingKeyMessage() {
    return "You didn't provide an API key. Send your Switchboard key in an Authorization header using Bearer auth "
      + "(i.e. Authorization: Bearer YOUR_KEY), or in x-api-key.";
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    throw new UnsupportedOperationException("a pass-through request is not decoded");
  }
}
