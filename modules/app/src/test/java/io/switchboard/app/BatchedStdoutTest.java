package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.switchboard.api.RequestLog;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatchedStdoutTest {
  private static final LoggerContext LOGBACK = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

  /** Standard output as a test sees it: every byte kept, and each write call counted. */
  private static class Recorded extends ByteArrayOutputStream {
    int writes;

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
      writes++;
      super.write(bytes, off, len);
    }

    synchronized String text() {
      return toString(StandardCharsets.UTF_8);
    }

    String awaitLines(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (text().split("\n", -1).length - 1 < count && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      return text();
    }
  }

  /** An appender writing each line's message, as the shipped text format does, into {@code out}. */
  private static BatchedConsoleAppender appender(BatchedStdout out) {
    return started(out, messages());
  }

  /** An encoder writing a line's message and a newline. */
  private static PatternLayoutEncoder messages() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(LOGBACK);
    encoder.setPattern("%msg%n");
    encoder.start();
    return encoder;
  }

  /** An encoder that is {@code encode} alone (no header, no footer). */
  private static Encoder<ILoggingEvent> encoder(Function<ILoggingEvent, byte[]> encode) {
    return new EncoderBase<>() {
      @Override
      public byte[] headerBytes() {
        return null;
      }

      @Override
      public byte[] encode(ILoggingEvent event) {
        return encode.apply(event);
      }

      @Override
      public byte[] footerBytes() {
        return null;
      }
    };
  }

  private static BatchedConsoleAppender started(BatchedStdout out, Encoder<ILoggingEvent> encoder) {
    BatchedConsoleAppender appender = new BatchedConsoleAppender();
    appender.setContext(LOGBACK);
    appender.setEncoder(encoder);
    appender.writeTo(out);
    appender.start();
    return appender;
  }

  private static LoggingEvent event(String message, Object... arguments) {
    return new LoggingEvent(BatchedStdoutTest.class.getName(), LOGBACK.getLogger("test"), Level.INFO, message, null,
      arguments);
  }

  @Test
  void linesLoggedWhileQuietAreLeftOutWhateverTheirLevelAndTheOthersWritten() throws Exception {
    Recorded out = new Recorded();
    BatchedConsoleAppender appender = appender(new BatchedStdout(out));
    appender.doAppend(event("before"));
    BatchedStdout.quiet(true);
    try {
      appender.doAppend(event("during"));
      appender.doAppend(new LoggingEvent(BatchedStdoutTest.class.getName(), LOGBACK.getLogger("test"), Level.ERROR,
        "failed during", null, null));
    } finally {
      BatchedStdout.quiet(false);
    }
    appender.doAppend(event("after"));
    assertEquals("before\nafter\n", out.awaitLines(2), "written in order, so a line left in would show before 'after'");
    appender.stop();
  }

  @Test
  void linesFromManyThreadsAllArriveWholeInTheirOrderInFewWrites() throws Exception {
    Recorded out = new Recorded();
    BatchedConsoleAppender appender = appender(new BatchedStdout(out));
    int threads = 4;
    int lines = 5_000;
    List<Thread> loggers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread logger = new Thread(() -> {
        for (int n = 0; n < lines; n++) {
          appender.doAppend(event("{\"thread\":{},\"n\":{}}", id, n));
        }
      });
      loggers.add(logger);
      logger.start();
    }
    for (Thread logger : loggers) {
      logger.join();
    }
    String[] written = out.awaitLines(threads * lines).split("\n");
    assertEquals(threads * lines, written.length, "every line arrived, none cut or merged");
    int[] next = new int[threads];
    for (String got : written) {
      int thread = Integer.parseInt(got.substring(got.indexOf(':') + 1, got.indexOf(',')));
      assertEquals("{\"thread\":" + thread + ",\"n\":" + next[thread] + "}", got,
        "each thread's lines in the order it wrote them");
      next[thread]++;
    }
    assertTrue(out.writes < threads * lines / 10,
      "lines go out in batches: " + out.writes + " writes for " + threads * lines + " lines");
  }

  @Test
  void aLineIsEncodedByTheWriterWithTheRequestAndThreadOfWhoLoggedIt() throws Exception {
    Recorded out = new Recorded();
    AtomicReference<Thread> encodedOn = new AtomicReference<>();
    BatchedStdout batched = new BatchedStdout(out);
    // the shipped text format's thread, request and message, through the shipped %requestLog converter
    BatchedConsoleAppender appender = started(batched, encoder(event -> {
      encodedOn.set(Thread.currentThread());
      return (event.getThreadName() + new RequestLogText().convert(event) + " " + event.getFormattedMessage() + "\n")
        .getBytes(StandardCharsets.UTF_8);
    }));
    Vertx vertx = Vertx.vertx();
    try {
      CountDownLatch logged = new CountDownLatch(1);
      AtomicReference<Thread> loop = new AtomicReference<>();
      StringBuilder argument = new StringBuilder("as it was");
      vertx.runOnContext(nothing -> {
        // a request's own (duplicated) context, as each HTTP request and bus message has
        ((io.vertx.core.internal.ContextInternal) vertx.getOrCreateContext()).duplicate().runOnContext(request -> {
          RequestLog.bind(RequestLog.of("req-7").withKey(3).withModel("gpt-x"));
          loop.set(Thread.currentThread());
          appender.doAppend(event("served {}", argument));
          argument.setLength(0); // changed after logging: the line says what it was when logged
          argument.append("changed");
          logged.countDown();
        });
      });
      assertTrue(logged.await(5, TimeUnit.SECONDS));
      appender.doAppend(event("no request")); // logged outside any request
      String text = out.awaitLines(2);
      assertEquals(loop.get().getName() + " [req=req-7 key=3 model=gpt-x] served as it was\n"
        + Thread.currentThread().getName() + " no request\n", text);
      assertEquals("sb-log-writer", encodedOn.get().getName(), "encoded by the writer, off the event loop");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void stoppingWritesWhatIsQueuedAndLaterLinesGoStraightOut() throws Exception {
    Recorded out = new Recorded();
    BatchedStdout batched = new BatchedStdout(out);
    BatchedConsoleAppender appender = appender(batched);
    BatchedConsoleAppender other = appender(batched); // logback.xml's other console, sharing the writer
    appender.doAppend(event("first"));
    appender.stop();
    assertEquals("first\n", out.text(), "what waited is written on close, without waiting for the writer");
    other.doAppend(event("later"));
    assertEquals("first\nlater\n", out.text(), "after close a line is written at once");
  }

  @Test
  void aLineTheEncoderFailsOnIsLeftOutAndTheLinesAfterItStillCome() throws Exception {
    Recorded out = new Recorded();
    PatternLayoutEncoder text = messages();
    BatchedConsoleAppender appender = started(new BatchedStdout(out),
      encoder(event -> switch (event.getFormattedMessage()) {
        case "throws" -> throw new IllegalStateException("a value that cannot be written");
        case "overflows" -> throw new StackOverflowError(); // e.g. a value that refers to itself
        case "nothing" -> null;
        default -> text.encode(event);
      }));
    for (String message : List.of("one", "throws", "two", "overflows", "nothing", "three")) {
      appender.doAppend(event(message));
    }
    assertEquals("one\ntwo\nthree\n", out.awaitLines(3), "the writer went on after each failed line");
    Thread.sleep(3 * BatchedStdout.LINGER_MILLIS);
    assertEquals("one\ntwo\nthree\n", out.text());
    assertTrue(LOGBACK.getStatusManager().getCopyOfStatusList().stream()
        .anyMatch(status -> status.getMessage().contains("could not be encoded")),
      "the failure is told to logback's status");
  }

  @Test
  void aLineLoggedWhileEncodingComesRightAfterTheLineAndLoggingEachTimeEnds() throws Exception {
    Recorded out = new Recorded();
    PatternLayoutEncoder text = messages();
    AtomicReference<BatchedConsoleAppender> self = new AtomicReference<>();
    self.set(started(new BatchedStdout(out), encoder(event -> {
      String message = event.getFormattedMessage();
      if (message.equals("tells") || message.equals("tells each time")) { // e.g. a value's toString that logs
        self.get().doAppend(event(message.equals("tells") ? "told while encoding" : "tells each time"));
      }
      return text.encode(event);
    })));
    for (String message : List.of("one", "tells", "two", "tells each time", "three")) {
      self.get().doAppend(event(message));
    }
    assertEquals("one\ntells\ntold while encoding\ntwo\ntells each time\ntells each time\nthree\n",
      out.awaitLines(7),
      "a line logged while encoding follows its line; one logged while encoding that one is left out");
    Thread.sleep(3 * BatchedStdout.LINGER_MILLIS);
    assertEquals(7, out.text().split("\n").length);
  }

  @Test
  void aLoggerWaitsWhenTheQueueIsFullAndLosesNothing() throws Exception {
    AtomicInteger waiting = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Recorded out = new Recorded() {
      @Override
      public synchronized void write(byte[] bytes, int off, int len) {
        try {
          waiting.incrementAndGet();
          release.await(); // a standard output that does not drain, until released
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.write(bytes, off, len);
      }
    };
    BatchedConsoleAppender appender = appender(new BatchedStdout(out));
    int total = 3 * BatchedStdout.CAPACITY;
    AtomicInteger handedOver = new AtomicInteger();
    Thread logger = new Thread(() -> {
      for (int n = 0; n < total; n++) {
        appender.doAppend(event("line {}", n));
        handedOver.incrementAndGet();
      }
    });
    logger.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (waiting.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(100);
      assertTrue(handedOver.get() <= 2 * BatchedStdout.CAPACITY,
        "the logger waits while the queue is full: " + handedOver.get() + " handed over");
    } finally {
      release.countDown(); // else the writer, and the JVM's exit after it, would wait for ever
    }
    logger.join(10_000);
    String[] written = out.awaitLines(total).split("\n");
    assertEquals(total, written.length, "every line arrived once the output drained");
    assertEquals("line " + (total - 1), written[total - 1]);
  }
}
