package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.Encoder;
import io.switchboard.api.RequestLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The shipped JSON line is LogstashEncoder's (with RequestLogJson, without logback's context properties), byte for
 * byte: written directly for plain lines (checked to be taken), and by LogstashEncoder for every other line and
 * whenever the sample lines of start differ.
 */
class JsonLineEncoderTest {
  private static final LoggerContext LOGBACK = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
  private static final RequestLog WHOLE =
    RequestLog.of("req_5f0e9c2b7d4a4e1f").withKey(42).withAccount(7).withModel("claude-sonnet-4-5");
  private static final RequestLog KEY_ONLY = RequestLog.of("client-named \"id\"").withKey(9);

  /** LogstashEncoder as the shipped encoder sets it up, then {@code configure}d. */
  private static LogstashEncoder logstash(Consumer<LogstashEncoder> configure) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(LOGBACK);
    encoder.setIncludeContext(false);
    encoder.addProvider(new RequestLogJson());
    configure.accept(encoder);
    encoder.start();
    return encoder;
  }

  private static JsonLineEncoder shipped(JsonLineEncoder encoder) {
    encoder.setContext(LOGBACK);
    encoder.start();
    return encoder;
  }

  private static LoggingEvent line(String message, Object[] arguments, long epochSecond, int nanos,
                                   KeyValuePair... pairs) {
    LoggingEvent event = new LoggingEvent(JsonLineEncoderTest.class.getName(), LOGBACK.getLogger("switchboard.access"),
      Level.INFO, message, null, arguments);
    event.setInstant(Instant.ofEpochSecond(epochSecond, nanos));
    event.setThreadName("vert.x-eventloop-thread-1");
    for (KeyValuePair pair : pairs) {
      event.addKeyValuePair(pair);
    }
    event.prepareForDeferredProcessing();
    return event;
  }

  private static LoggingEvent accessLine(int nanos) {
    return line("{} {} {} {}ms", new Object[] {"POST", "/v1/messages?beta=true", 200, 12L}, 1_796_123_456L, nanos,
      new KeyValuePair("method", "POST"), new KeyValuePair("path", "/v1/messages?beta=true"),
      new KeyValuePair("status", 200), new KeyValuePair("latencyMs", 12L), new KeyValuePair("dialect", "anthropic"),
      new KeyValuePair("stream", true), new KeyValuePair("ttfbMs", 0L), new KeyValuePair("inputTokens", 1_234_567L),
      new KeyValuePair("outputTokens", -1L), new KeyValuePair("outcome", "ok"));
  }

  private static byte[] encode(Encoder<ILoggingEvent> encoder, LoggingEvent event, RequestLog request) {
    return BatchedStdout.encodingFor(request, () -> encoder.encode(event));
  }

  @Test
  void plainLinesAreWrittenDirectlyAsLogstashWritesThem() {
    LogstashEncoder logstash = logstash(e -> { });
    JsonLineEncoder shipped = shipped(new JsonLineEncoder());
    assertTrue(shipped.writesDirectly());
    List<LoggingEvent> lines = List.of(accessLine(512_925_435), accessLine(0), accessLine(100_000_000),
      accessLine(7), accessLine(999_999_999),
      line("quotes \" and \\ backslashes, slashes / and {} braces ~", new Object[] {"x"}, 0L, 1_000),
      line("no pairs at all", null, 4_102_444_799L, 120_000),
      line("{} of {}", new Object[] {"a", 2}, 60L, 5, new KeyValuePair("outcome", "refused"),
        new KeyValuePair("least", Long.MIN_VALUE), new KeyValuePair("most", Integer.MAX_VALUE)),
      line("numbers", null, 1L, 2, new KeyValuePair("zero", 0L), new KeyValuePair("nine", 9), new KeyValuePair("ten", 10L),
        new KeyValuePair("minusOne", -1), new KeyValuePair("minusTen", -10L), new KeyValuePair("largest", Long.MAX_VALUE),
        new KeyValuePair("nextToLeast", Long.MIN_VALUE + 1)));
    for (LoggingEvent event : lines) {
      for (RequestLog request : new RequestLog[] {WHOLE, KEY_ONLY, null}) {
        byte[] expected = encode(logstash, event, request);
        assertNotNull(shipped.directLine(event, request), "written directly: " + event.getFormattedMessage());
        assertEquals(new String(expected, StandardCharsets.UTF_8),
          new String(encode(shipped, event, request), StandardCharsets.UTF_8));
        assertArrayEquals(expected, shipped.directLine(event, request));
      }
    }
  }

  @Test
  void otherLinesAreLogstashsOwn() {
    LogstashEncoder logstash = logstash(e -> { });
    JsonLineEncoder shipped = shipped(new JsonLineEncoder());
    LoggingEvent failure = line("upstream failed", null, 1_796_000_000L, 1);
    failure.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));
    LoggingEvent marked = line("marked", null, 1_796_000_000L, 2);
    marked.addMarker(MarkerFactory.getMarker("AUDIT"));
    LoggingEvent structured = line("key {}", new Object[] {StructuredArguments.keyValue("account", "a1")},
      1_796_000_000L, 3);
    LoggingEvent accented = line("modèle refusé", null, 1_796_000_000L, 4);
    LoggingEvent control = line("two\nlines\tand a tab", null, 1_796_000_000L, 5);
    LoggingEvent decimal = line("cost", null, 1_796_000_000L, 6, new KeyValuePair("usd", 0.25));
    LoggingEvent nothing = line("null value", null, 1_796_000_000L, 7, new KeyValuePair("errorClass", null));
    LoggingEvent nonAsciiRequest = accessLine(8);
    MDC.put("tenant", "t1");
    LoggingEvent withMdc;
    try {
      withMdc = line("with mdc", null, 1_796_000_000L, 9);
    } finally {
      MDC.remove("tenant");
    }
    RequestLog accentedModel = RequestLog.of("req_1").withModel("modèle");
    for (LoggingEvent event : List.of(failure, marked, structured, accented, control, decimal, nothing, withMdc)) {
      assertNull(shipped.directLine(event, WHOLE), event.getFormattedMessage());
      assertArrayEquals(encode(logstash, event, WHOLE), encode(shipped, event, WHOLE), event.getFormattedMessage());
    }
    assertNull(shipped.directLine(nonAsciiRequest, accentedModel));
    assertArrayEquals(encode(logstash, nonAsciiRequest, accentedModel), encode(shipped, nonAsciiRequest, accentedModel));
    assertTrue(new String(encode(shipped, failure, null), StandardCharsets.UTF_8).contains("\"stack_trace\":"));
  }

  @Test
  void linesThatDifferFromLogstashsAtStartAreAllLogstashs() {
    Instant sample = Instant.ofEpochSecond(1_796_000_000L);
    String otherZone = ZoneId.systemDefault().getRules().getOffset(sample).equals(ZoneOffset.ofHoursMinutes(5, 30))
      ? "UTC" : "Asia/Kolkata";
    for (Consumer<LogstashEncoder> configure : List.<Consumer<LogstashEncoder>>of(
      e -> e.setTimeZone(otherZone),
      e -> e.setTimestampPattern("yyyy-MM-dd HH:mm:ss.SSS"),
      e -> e.getFieldNames().setMessage("msg"),
      e -> e.setCustomFields("{\"service\":\"switchboard\"}"))) {
      JsonLineEncoder shipped = shipped(new JsonLineEncoder(configure));
      assertFalse(shipped.writesDirectly());
      LoggingEvent event = accessLine(123_000);
      assertArrayEquals(encode(logstash(configure), event, WHOLE), encode(shipped, event, WHOLE));
    }
  }

  @Test
  void logbacksContextPropertiesAreLeftOutOfEveryLine() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("region", "eu-west-1");
    JsonLineEncoder shipped = new JsonLineEncoder();
    shipped.setContext(context);
    shipped.start();
    LoggingEvent plain = new LoggingEvent(getClass().getName(), context.getLogger("switchboard.access"), Level.INFO,
      "plain", null, null);
    LoggingEvent failure = new LoggingEvent(getClass().getName(), context.getLogger("switchboard.access"),
      Level.ERROR, "failed", new IllegalStateException("boom"), null);
    for (LoggingEvent event : List.of(plain, failure)) {
      String line = new String(shipped.encode(event), StandardCharsets.UTF_8);
      assertTrue(line.contains("\"message\":\"" + event.getMessage() + "\""), line);
      assertFalse(line.contains("region"), line);
    }
  }
}
