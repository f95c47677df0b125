package io.switchboard.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import io.switchboard.api.RequestLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * The shipped JSON log line: {@link LogstashEncoder}'s line with its standard fields and the request's names
 * ({@link RequestLogJson}), byte for byte, written directly for a plain line (no exception, marker, MDC entry or
 * structured argument; key-value pairs of text, whole numbers and booleans; every text printable ASCII), as the
 * access log's lines are, and by that LogstashEncoder for any other: an access line takes 0.5 µs instead of 1.1
 * through Jackson and a provider per field (a loop of one line), and the log writer a fifth less CPU under plain
 * load. It takes no options, so that no setting can change some lines and not others (a time zone that differs only
 * in summer, a shortened logger name, a filtered or masked field); lines of another form take a logback.xml of one's
 * own with LogstashEncoder. Logback's context properties are left out (the shipped logback.xml sets none). At start
 * a few sample lines are written both ways; should any differ (another version of the library), every line is
 * LogstashEncoder's.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  /** A thread's line is kept for its next unless it grew past this. */
  private static final int KEPT_BYTES = 16 * 1024;
  private static final ThreadLocal<Line> LINE = ThreadLocal.withInitial(Line::new);
  private static final byte[] TIMESTAMP = ascii("{\"@timestamp\":\"");
  private static final byte[] MESSAGE = ascii("\",\"@version\":\"1\",\"message\":");
  private static final byte[] LOGGER_NAME = ascii(",\"logger_name\":");
  private static final byte[] THREAD_NAME = ascii(",\"thread_name\":");
  private static final byte[] LEVEL = ascii(",\"level\":");
  private static final byte[] LEVEL_VALUE = ascii(",\"level_value\":");
  private static final byte[] REQUEST_ID = ascii(",\"requestId\":");
  private static final byte[] KEY_ID = ascii(",\"keyId\":");
  private static final byte[] ACCOUNT_ID = ascii(",\"accountId\":");
  private static final byte[] MODEL = ascii(",\"model\":");
  private static final byte[] COMMA = ascii(",");
  private static final byte[] DOT = ascii(".");
  private static final byte[] COLON = ascii(":");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] END = ascii("}\n");
  private final Consumer<LogstashEncoder> reference;
  private LogstashEncoder logstash;
  private volatile boolean direct;
  private ZoneId zone;
  /** The second last written, and its text split where the fraction goes (writer thread mostly; racy but whole). */
  private volatile Second second = new Second(Long.MIN_VALUE, null, null);

  private record Second(long epochSecond, byte[] before, byte[] after) {
  }

  public JsonLineEncoder() {
    this(shipped -> { });
  }

  /** With the LogstashEncoder that writes every line not plain configured further by {@code reference} (tests). */
  JsonLineEncoder(Consumer<LogstashEncoder> reference) {
    this.reference = reference;
  }

  @Override
  public void start() {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(getContext());
    encoder.setIncludeContext(false);
    encoder.addProvider(new RequestLogJson());
    reference.accept(encoder);
    encoder.start();
    logstash = encoder;
    zone = ZoneId.systemDefault();
    try {
      direct = samplesAgree();
      if (!direct) {
        addWarn("JSON log lines are all written by LogstashEncoder: its sample lines differ from the direct form");
      }
    } catch (RuntimeException failed) {
      addWarn("JSON log lines are all written by LogstashEncoder: its sample lines failed", failed);
    }
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    logstash.stop();
  }

  @Override
  public byte[] headerBytes() {
    return logstash.headerBytes();
  }

  @Override
  public byte[] footerBytes() {
    return logstash.footerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    if (direct) {
      byte[] line = directLine(event, BatchedStdout.requestOfLine());
      if (line != null) {
        return line;
      }
    }
    return logstash.encode(event);
  }

  /** Whether plain lines are written directly (this configuration's sample lines agreed). */
  boolean writesDirectly() {
    return direct;
  }

  /** The line written directly, or null when {@code event} is not a plain line. */
  byte[] directLine(ILoggingEvent event, RequestLog request) {
    if (!plain(event)) {
      return null;
    }
    Line out = LINE.get().reset();
    out.raw(TIMESTAMP);
    if (!timestamp(out, event.getInstant())) {
      return null;
    }
    Level level = event.getLevel();
    if (!(out.field(MESSAGE, event.getFormattedMessage()) && out.field(LOGGER_NAME, event.getLoggerName())
      && out.field(THREAD_NAME, event.getThreadName()) && out.field(LEVEL, level.toString()))) {
      return null;
    }
    out.raw(LEVEL_VALUE);
    out.number(level.toInt());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        out.raw(COMMA);
        if (!out.text(pair.key)) {
          return null;
        }
        out.raw(COLON);
        if (!out.value(pair.value)) {
          return null;
        }
      }
    }
    if (request != null && !(out.field(REQUEST_ID, request.requestId()) && optional(out, KEY_ID, request.keyId())
      && optional(out, ACCOUNT_ID, request.accountId()) && optional(out, MODEL, request.model()))) {
      return null;
    }
    out.raw(END);
    return out.bytes();
  }

  /** One of RequestLogJson's fields that it leaves out when null. */
  private static boolean optional(Line out, byte[] name, String value) {
    return value == null || out.field(name, value);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether LogstashEncoder would write {@code event} with the standard fields and its key-value pairs alone. */
  private static boolean plain(ILoggingEvent event) {
    if (event.getThrowableProxy() != null || event.getLevel() == null || event.getInstant() == null) {
      return false;
    }
    List<Marker> markers = event.getMarkerList();
    if (markers != null && !markers.isEmpty()) {
      return false;
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      return false;
    }
    Object[] arguments = event.getArgumentArray();
    if (arguments != null) {
      for (Object argument : arguments) {
        if (argument instanceof StructuredArgument) {
          return false;
        }
      }
    }
    return true;
  }

  /** ISO_OFFSET_DATE_TIME in the default zone, the nanoseconds without trailing zeros, as LogstashEncoder's. */
  private boolean timestamp(Line out, Instant at) {
    Second s = second;
    if (s.epochSecond != at.getEpochSecond()) {
      String text = SECONDS.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
      // yyyy-MM-ddTHH:mm:ss then the offset; another year's width is left to LogstashEncoder
      if (text.length() < 20 || "Z+-".indexOf(text.charAt(19)) < 0) {
        return false;
      }
      s = new Second(at.getEpochSecond(), ascii(text.substring(0, 19)), ascii(text.substring(19)));
      second = s;
    }
    out.raw(s.before);
    int nanos = at.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      out.raw(DOT);
      out.digits(nanos, digits);
    }
    out.raw(s.after);
    return true;
  }

  /** Whether sample lines come out the same both ways. */
  private boolean samplesAgree() {
    RequestLog whole = RequestLog.of("req_0123456789abcdef").withKey(7).withAccount(3).withModel("gpt-4o-mini");
    RequestLog partial = RequestLog.of("req_fedcba9876543210").withKey(12);
    for (long nanos : new long[] {512_925_435L, 120_000_000L, 0L, 1_000L}) {
      LoggingEvent event = sample(Instant.ofEpochSecond(1_796_000_000L, nanos));
      // a line of no request is left out: RequestLogJson would look for one on the thread, loading Vert.x, whose
      // classes log as they load, while logback is still being configured (SLF4J then warns that it replays them)
      for (RequestLog request : new RequestLog[] {whole, partial}) {
        byte[] theirs = BatchedStdout.encodingFor(request, () -> logstash.encode(event));
        if (!Arrays.equals(theirs, directLine(event, request))) {
          return false;
        }
      }
    }
    return true;
  }

  private LoggingEvent sample(Instant at) {
    LoggingEvent event = new LoggingEvent(JsonLineEncoder.class.getName(),
      ((LoggerContext) getContext()).getLogger("switchboard.access"), Level.INFO,
      "{} \"{}\" \\ {}ms", null, new Object[] {"POST", "/v1/chat/completions", 6L});
    event.setInstant(at);
    event.setThreadName("vert.x-eventloop-thread-0");
    event.setMDCPropertyMap(Map.of()); // not read from the context, which may have no MDC (a LoggerContext of its own)
    event.addKeyValuePair(new KeyValuePair("method", "POST"));
    event.addKeyValuePair(new KeyValuePair("status", 200));
    event.addKeyValuePair(new KeyValuePair("latencyMs", 6L));
    event.addKeyValuePair(new KeyValuePair("stream", false));
    event.addKeyValuePair(new KeyValuePair("outcome", "ok"));
    return event;
  }

  /** A line's bytes as they are written; one per thread, kept from line to line. */
  private static final class Line {
    private byte[] bytes = new byte[1024];
    private int count;

    Line reset() {
      count = 0;
      return this;
    }

    /** Bytes that need no escaping (the line's own punctuation and names). */
    void raw(byte[] ascii) {
      room(ascii.length);
      System.arraycopy(ascii, 0, bytes, count, ascii.length);
      count += ascii.length;
    }

    /** Text known to be ASCII, copied as it is. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): a plain copy, right for ASCII
    private void copy(String ascii) {
      int length = ascii.length();
      room(length);
      ascii.getBytes(0, length, bytes, count);
      count += length;
    }

    /** A JSON string as Jackson writes it; false (nothing to keep) for a character outside printable ASCII. */
    boolean text(String value) {
      if (value == null) {
        return false;
      }
      int length = value.length();
      int escaped = 0;
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          return false;
        }
        if (c == '"' || c == '\\') {
          escaped++;
        }
      }
      room(length + escaped + 2);
      bytes[count++] = '"';
      if (escaped == 0) {
        copy(value);
      } else {
        for (int i = 0; i < length; i++) {
          char c = value.charAt(i);
          if (c == '"' || c == '\\') {
            bytes[count++] = '\\';
          }
          bytes[count++] = (byte) c;
        }
      }
      bytes[count++] = '"';
      return true;
    }

    /** {@code name} (its quotes, colon and the comma before it) and then {@code value}; false as for text. */
    boolean field(byte[] name, String value) {
      raw(name);
      return text(value);
    }

    /** A key-value pair's value: text, a whole number or a boolean; false for any other. */
    boolean value(Object value) {
      if (value instanceof String text) {
        return text(text);
      }
      if (value instanceof Integer || value instanceof Long) {
        number(((Number) value).longValue());
        return true;
      }
      if (value instanceof Boolean bool) {
        raw(bool ? TRUE : FALSE);
        return true;
      }
      return false;
    }

    /** {@code value} in decimal, written straight into the line (no string made for it). */
    void number(long value) {
      if (value == Long.MIN_VALUE) { // its magnitude does not fit a long
        copy(Long.toString(value));
        return;
      }
      if (value < 0) {
        room(1);
        bytes[count++] = '-';
        value = -value;
      }
      int digits = 1;
      for (long rest = value / 10; rest > 0; rest /= 10) {
        digits++;
      }
      room(digits);
      for (int i = count + digits - 1; i >= count; i--) {
        bytes[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      count += digits;
    }

    /** {@code value} as {@code digits} decimal digits, leading zeros included. */
    void digits(int value, int digits) {
      room(digits);
      for (int i = count + digits - 1; i >= count; i--) {
        bytes[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      count += digits;
    }

    private void room(int more) {
      if (count + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
      }
    }

    byte[] bytes() {
      byte[] line = Arrays.copyOf(bytes, count);
      if (bytes.length > KEPT_BYTES) { // one long line keeps no large array
        bytes = new byte[1024];
      }
      return line;
    }
  }
}
