package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageProducer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells every cache on every node that rows of an entity changed: publishes {@code sb.config.changed}. On a
 * clustered bus a publish first looks up which nodes listen, so it may leave after the change's HTTP answer;
 * {@link #settled()} lets the answer wait until every announcement made so far has been handed to every node, and a
 * client's next request, on any node, meets the change.
 */
final class ConfigAnnouncer {
  private final MessageProducer<ConfigChanged> publisher;
  private final Set<Future<Void>> sending = new HashSet<>();

  ConfigAnnouncer(EventBus bus) {
    this.publisher = bus.publisher(Addresses.CONFIG_CHANGED);
  }

  /** Rows of this entity changed (id null: all of them). */
  void changed(String entity, Long id) {
    Future<Void> sent = publisher.write(new ConfigChanged(entity, id));
    if (!sent.isComplete()) {
      sending.add(sent);
      sent.onComplete(done -> sending.remove(sent));
    }
  }

  /** Completes once every announcement made so far is on its way to every node (whether or not any listens). */
  Future<Void> settled() {
    return sending.isEmpty() ? Future.succeededFuture()
      : Future.join(new ArrayList<>(sending)).<Void>mapEmpty().otherwiseEmpty();
  }
}
