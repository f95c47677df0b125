package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.vertx.core.eventbus.EventBus;

/** Tells every cache on every node that rows of an entity changed: publishes {@code sb.config.changed}. */
final class ConfigAnnouncer {
  private final EventBus bus;

  ConfigAnnouncer(EventBus bus) {
    this.bus = bus;
  }

  /** Rows of this entity changed (id null: all of them). */
  void changed(String entity, Long id) {
    bus.publish(Addresses.CONFIG_CHANGED, new ConfigChanged(entity, id));
  }
}
