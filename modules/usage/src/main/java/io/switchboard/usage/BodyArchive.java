package io.switchboard.usage;

import io.switchboard.api.CapturedBodies;
import io.switchboard.dialects.StreamReassembly;
import io.switchboard.dialects.WireFormats;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.BodyCaptureStore.Bodies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores captured bodies apart from usage_log ({@code request_bodies}): redacted ({@link BodyRedaction}), cut as
 * captured, a streamed chat answer reassembled into the whole answer it made ({@link StreamReassembly}), a body that
 * is not text stored as a note of its size. Written in batches with the usage rows' rhythm; bodies PostgreSQL cannot
 * take now are dropped with a log line, never spooled: they are evidence, not accounting.
 */
final class BodyArchive {
  private static final Logger LOG = LoggerFactory.getLogger(BodyArchive.class);
  private final BodyCaptureStore store;
  private final BodyRedaction redaction;
  private final int batchSize;
  private List<Bodies> batch = new ArrayList<>();

  BodyArchive(BodyCaptureStore store, BodyRedaction redaction, int batchSize) {
    this.store = store;
    this.redaction = redaction;
    this.batchSize = batchSize;
  }

  void add(CapturedBodies captured) {
    batch.add(row(captured));
    if (batch.size() >= batchSize) {
      flush();
    }
  }

  Future<Void> flush() {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Bodies> rows = batch;
    batch = new ArrayList<>();
    return store.insert(rows).recover(failure -> {
      LOG.warn("{} captured bodies dropped, PostgreSQL refused them: {}", rows.size(), failure.getMessage());
      return Future.succeededFuture();
    });
  }

  private Bodies row(CapturedBodies c) {
    String answer = null;
    boolean reassembled = false;
    if (c.stream() && c.dialect() != null && c.response() != null) {
      try {
        JsonObject whole = StreamReassembly.of(WireFormats.of(c.dialect()), c.response(), c.model());
        if (whole != null) {
          answer = whole.encodePrettily();
          reassembled = true;
        }
      } catch (RuntimeException unreadable) {
        answer = null; // not a stream of that dialect after all: kept as it came
      }
    }
    if (answer == null) {
      answer = text(c.response());
    }
    return new Bodies(c.requestId(), Instant.ofEpochMilli(c.startedAtMs()), c.keyId(),
      redaction.apply(text(c.request())), c.requestTruncated(), redaction.apply(answer), c.responseTruncated(),
      reassembled);
  }

  /** The body as text; a body that is not UTF-8 text (audio, images) as a note of its size. */
  private static String text(Buffer body) {
    if (body == null) {
      return null;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(body.getBytes())).toString();
      return text.indexOf('\0') >= 0 ? "(binary: " + body.length() + " bytes)" : text;
    } catch (CharacterCodingException binary) {
      return "(binary: " + body.length() + " bytes)";
    }
  }
}
