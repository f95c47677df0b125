package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The app's logback.xml as the jar runs it: Micrometer's warning about a Vert.x gauge registered again is left out. */
class HarmlessWarningsTest {

  @Test
  void aVertxGaugeRegisteredAgainIsNotWarnedAboutAndEverythingElseIs() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(HarmlessWarningsTest.class.getResource("/logback.xml"));
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.setContext(context);
    lines.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    // standard output stays out of the test's; detached, not stopped: stopping them would close the process's
    // shared BatchedStdout
    root.detachAppender("JSON");
    root.detachAppender("TEXT");
    root.addAppender(lines);
    try {
      Logger registry = context.getLogger(HarmlessWarnings.REGISTRY);
      // Micrometer's words, as it logs them (one string, no arguments)
      registry.warn("This Gauge has been already registered (MeterId{name='vertx.net.client.active.connections', "
        + "tags=[]}), the registration will be ignored. Note that subsequent logs will be logged at debug level.");
      registry.warn("This Gauge has been already registered (MeterId{name='sb.inflight', tags=[]}), the registration"
        + " will be ignored. Note that subsequent logs will be logged at debug level.");
      registry.warn("A MeterFilter is being configured after a Meter has been registered to this registry.");
      context.getLogger("io.switchboard.app.Gateway").warn(HarmlessWarnings.VERTX_GAUGE_AGAIN + "x')");
      registry.error("This Gauge has been already registered (MeterId{name='vertx.x'}) and something failed");

      assertEquals(List.of(
          "WARN io.micrometer.core.instrument.MeterRegistry This Gauge has been already registered (MeterId{name="
            + "'sb.inflight', tags=[]}), the registration will be ignored. Note that subsequent logs will be logged"
            + " at debug level.",
          "WARN io.micrometer.core.instrument.MeterRegistry A MeterFilter is being configured after a Meter has been"
            + " registered to this registry.",
          "WARN io.switchboard.app.Gateway " + HarmlessWarnings.VERTX_GAUGE_AGAIN + "x')",
          "ERROR io.micrometer.core.instrument.MeterRegistry This Gauge has been already registered (MeterId{name="
            + "'vertx.x'}) and something failed"),
        lines.list.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList());
    } finally {
      context.stop();
    }
  }
}
