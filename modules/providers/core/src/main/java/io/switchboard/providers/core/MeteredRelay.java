package io.switchboard.providers.core;

import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.dialects.ReportedUsage;
import io.switchboard.dialects.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A pass-through answer: its bytes go to the client untouched, whatever they are, while what it reports is read on
 * the side: the usage of each SSE event that carries one, or of a JSON answer (the whole answer up to 1 MiB; past that
 * only the {@code usage} object near its end, where every OpenAI answer puts it), and its {@link PricedUnits}. Any end
 * of the upstream's body completes it.
 */
final class MeteredRelay implements StreamTranslator {
  private static final int WHOLE = 1 << 20;
  private static final int TAIL = 64 * 1024;
  private final PricedUnits units;
  private final SseParser events;
  private final boolean json;
  private Buffer kept = Buffer.buffer();
  private boolean whole = true;
  private Usage usage;
  private boolean ended;

  MeteredRelay(String contentType, PricedUnits units) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    this.units = units;
    this.events = type.startsWith("text/event-stream") ? new SseParser() : null;
    this.json = type.contains("json");
  }

  @Override
  public Buffer accept(Buffer read) {
    if (events != null) {
      events.feed(read).forEach(event -> observe(event.data()));
    } else if (json) {
      keep(read);
    }
    return read;
  }

  @Override
  public Buffer finish() {
    ended = true;
    if (events != null) {
      SseParser.Event last = events.finish();
      if (last != null) {
        observe(last.data());
      }
    } else if (json && whole) {
      JsonObject answer = jsonOrNull(kept.toString(StandardCharsets.UTF_8));
      if (answer != null) {
        usage = ReportedUsage.in(answer);
        units.answered(answer);
      }
    } else if (json) {
      JsonObject tail = UsageNearTheEnd.find(kept.toString(StandardCharsets.UTF_8));
      usage = tail == null ? null : ReportedUsage.in(tail);
    }
    kept = null;
    return Buffer.buffer();
  }

  /** Whole up to {@link #WHOLE} bytes; past that, the last {@link #TAIL} bytes only. */
  private void keep(Buffer read) {
    kept.appendBuffer(read);
    if (kept.length() > WHOLE || !whole && kept.length() > 2 * TAIL) {
      whole = false;
      kept = kept.getBuffer(kept.length() - TAIL, kept.length());
    }
  }

  private void observe(String data) {
    if (data.contains("\"usage") || data.contains("\"duration")) {
      JsonObject event = jsonOrNull(data);
      if (event != null) {
        usage = ReportedUsage.merge(usage, ReportedUsage.in(event));
        units.answered(event);
      }
    }
  }

  private static JsonObject jsonOrNull(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  @Override
  public Usage usage() {
    return usage;
  }

  @Override
  public long units() {
    return units.count();
  }

  @Override
  public long estimatedOutputTokens() {
    return 0; // what passes is not ours to decode: usage is what the upstream reports
  }

  @Override
  public boolean completed() {
    return ended;
  }
}
