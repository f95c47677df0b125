package io.switchboard.app;

import io.switchboard.providers.core.ProviderVerticle;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;

/**
 * One instance of an adapter from a jar, as Vert.x holds it. Vert.x 5.0.10 keeps a deployment that failed to start
 * in its table of deployments under way for good, with its instances; this wrapper (an app class) lets go of the
 * adapter's verticle when its start fails, so that all Vert.x keeps is the wrapper and the jar's class loader can
 * still be collected.
 */
final class AdapterInstance implements Deployable {
  private volatile ProviderVerticle verticle;

  AdapterInstance(ProviderVerticle verticle) {
    this.verticle = verticle;
  }

  /** The adapter's verticle; null once its start failed or it was undeployed. */
  ProviderVerticle verticle() {
    return verticle;
  }

  @Override
  public Future<?> deploy(Context context) throws Exception {
    return verticle.deploy(context).onFailure(failed -> verticle = null);
  }

  @Override
  public Future<?> undeploy(Context context) throws Exception {
    ProviderVerticle running = verticle;
    return running == null ? Future.succeededFuture() : running.undeploy(context).onComplete(stopped -> verticle = null);
  }
}
