package io.switchboard.api;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Reserves the Vert.x context slot that holds a request's {@link RequestLog}. A slot must exist before a Vert.x
 * instance is built, so this class is a service provider: Vert.x loads it (and so registers the slot) while it builds
 * every instance, whichever class of ours happens to load first.
 */
public final class RequestLogSlot implements VertxServiceProvider {
  static final ContextLocal<RequestLog> SLOT = ContextLocal.registerLocal(RequestLog.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
    // nothing to set up: loading the class registered the slot
  }
}
