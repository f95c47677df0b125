package io.switchboard.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;
import java.util.Set;

/**
 * Which of {@code logback.xml}'s two console appenders writes ({@code logging.format}: {@code json}, the default, or
 * {@code text}): each carries this filter naming its format, and only the chosen one passes events. The environment's
 * {@code SB_LOGGING_FORMAT} counts from the first line; the configuration's value from when it has been read.
 */
public final class LogFormat extends Filter<ILoggingEvent> {
  static final Set<String> FORMATS = Set.of("json", "text");
  private static volatile String chosen = fromEnvironment();
  private String format = "json";

  /** Chooses the format every line is written in from now on; fails naming the key when it is neither. */
  static void choose(String format) {
    String name = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(name)) {
      throw new ConfigError("logging.format: expected json or text, got '" + format + "'");
    }
    chosen = name;
  }

  /** The format of the appender this filter guards (set from logback.xml). */
  public void setFormat(String format) {
    this.format = format;
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return format.equals(chosen) ? FilterReply.NEUTRAL : FilterReply.DENY;
  }

  private static String fromEnvironment() {
    String set = System.getenv("SB_LOGGING_FORMAT");
    String name = set == null ? "" : set.trim().toLowerCase(Locale.ROOT);
    return FORMATS.contains(name) ? name : "json";
  }
}
