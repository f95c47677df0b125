package io.switchboard.ingress;

import io.switchboard.api.Dialect;
import io.vertx.ext.web.RoutingContext;

/** Another route of the same dialect: the key and errors as the dialect's chat route has them. */
abstract class DelegatingClientApi implements ClientApi {
  private final ClientApi chat;

  DelegatingClientApi(ClientApi chat) {
    this.chat = chat;
  }

  @Override
  public Dialect dialect() {
    return chat.dialect();
  }

  @Override
  public String apiKey(RoutingContext ctx) {
    return chat.apiKey(ctx);
  }

  @Override
  public String missingKeyMessage() {
    return chat.missingKeyMessage();
  }
}
