package io.switchboard.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Leaves out a warning that says nothing is wrong, which every start printed: vertx-micrometer registers the gauges
 * of Vert.x' own clients and servers ({@code vertx.net.client.active.connections}, ...) once per client, each time
 * over the one count it keeps per gauge, and Micrometer warns when a gauge is registered a second time (the gateway
 * runs several Redis and PostgreSQL clients). Micrometer's other warnings pass, and this one for a meter that is not
 * Vert.x'. Micrometer itself logs only the first double registration of a JVM at WARN and later ones at DEBUG, so a
 * later one of another meter was not shown before this filter either: the Vert.x gauges always came first.
 */
public final class HarmlessWarnings extends TurboFilter {
  static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
  static final String VERTX_GAUGE_AGAIN = "This Gauge has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                            Throwable t) {
    return level == Level.WARN && format != null && format.startsWith(VERTX_GAUGE_AGAIN)
      && REGISTRY.equals(logger.getName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
