package io.switchboard.auth;

import io.switchboard.store.BodyCaptureStore;
import io.vertx.core.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which keys' request and response bodies are captured: the keys and user groups an admin switched on (held in memory,
 * re-read when keys or groups change; a request that comes while it is being re-read waits for it, so a switch counts
 * from the moment it is announced). The ingress adds {@code bodies.captureAll}.
 */
final class BodyCapturePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(BodyCapturePolicy.class);
  private final BodyCaptureStore store;
  private BodyCaptureStore.Policy policy = new BodyCaptureStore.Policy(Set.of(), Set.of());
  private Future<Void> reading = Future.succeededFuture();

  BodyCapturePolicy(BodyCaptureStore store) {
    this.store = store;
  }

  /** Re-reads who has capture on; a failure keeps what was known (and is logged). */
  Future<Void> reload() {
    reading = store.policy().onSuccess(read -> policy = read)
      .onFailure(failure -> LOG.warn("body capture settings not read: {}", failure.getMessage()))
      .<Void>mapEmpty().otherwiseEmpty();
    return reading;
  }

  /** Whether the key's bodies are captured, once any re-reading under way is done. */
  Future<Boolean> captures(long keyId, String group) {
    return reading.map(v -> policy.keys().contains(keyId) || policy.groups().contains(group));
  }
}
