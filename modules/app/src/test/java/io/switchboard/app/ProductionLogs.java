package io.switchboard.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The log lines the shipped {@code logback.xml} writes, byte for byte: while attached, logging runs on that
 * configuration, and each event is encoded by the console appender whose filter passes it, on the thread that logged
 * it (as the console appender does), instead of going to the console.
 */
final class ProductionLogs extends AppenderBase<ILoggingEvent> {
  private final List<OutputStreamAppender<ILoggingEvent>> consoles;
  private final List<String> lines = new ArrayList<>();

  private ProductionLogs(List<OutputStreamAppender<ILoggingEvent>> consoles) {
    this.consoles = consoles;
  }

  static ProductionLogs attach() throws JoranException {
    LoggerContext context = configure("/logback.xml");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<OutputStreamAppender<ILoggingEvent>> consoles = new ArrayList<>();
    for (String name : List.of("JSON", "TEXT")) {
      consoles.add((OutputStreamAppender<ILoggingEvent>) root.getAppender(name));
      root.detachAppender(name);
    }
    ProductionLogs logs = new ProductionLogs(consoles);
    logs.setContext(context);
    logs.start();
    root.addAppender(logs);
    return logs;
  }

  /** Back to the tests' own logging configuration. */
  void detach() throws JoranException {
    configure("/logback-test.xml");
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Waits (up to 10 s) until {@code count} lines match, and answers them. */
  List<String> await(Predicate<String> matching, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> found;
    do {
      found = lines().stream().filter(matching).toList();
      if (found.size() >= count) {
        return found;
      }
      synchronized (this) {
        wait(20);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("only " + found.size() + " of " + count + " lines came; all lines:\n" + lines());
  }

  @Override
  protected void append(ILoggingEvent event) {
    for (OutputStreamAppender<ILoggingEvent> console : consoles) {
      if (console.getFilterChainDecision(event) != FilterReply.DENY) {
        String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    }
  }

  private static LoggerContext configure(String resource) throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(ProductionLogs.class.getResource(resource));
    return context;
  }
}
