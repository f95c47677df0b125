package io.switchboard.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The log lines the shipped {@code logback.xml} writes, byte for byte: while attached, logging runs on that
 * configuration and its console appenders hand their lines over as they do in the gateway (the request each is about
 * taken on the thread that logged it, the encoding done by the writer thread), but the writer writes them here instead
 * of to the console.
 */
final class ProductionLogs extends OutputStream {
  private final List<String> lines = new ArrayList<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  static ProductionLogs attach() throws JoranException {
    LoggerContext context = configure("/logback.xml");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ProductionLogs logs = new ProductionLogs();
    BatchedStdout writer = new BatchedStdout(logs);
    for (String name : List.of("JSON", "TEXT")) {
      ((BatchedConsoleAppender) root.getAppender(name)).writeTo(writer);
    }
    return logs;
  }

  /** Lines as the writer writes them, each whole once its newline has come. */
  @Override
  public synchronized void write(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void write(int b) {
    partial.write(b);
    if (b == '\n') {
      lines.add(partial.toString(StandardCharsets.UTF_8));
      partial.reset();
      notifyAll();
    }
  }

  /** Back to the tests' own logging configuration. */
  void detach() throws JoranException {
    configure("/logback-test.xml"); // stops the shipped appenders, which write what waits and close the writer
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

  private static LoggerContext configure(String resource) throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(ProductionLogs.class.getResource(resource));
    return context;
  }
}
