package io.switchboard.usage;

import io.switchboard.api.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable spool for usage records PostgreSQL could not take: an append-only file of JSON lines, synced to
 * disk on every append. Replay moves the file aside, writes it back in its order in batches, and deletes it only
 * when every batch was written (a replay cut short is simply run again: the inserts are idempotent). All file I/O
 * runs on worker threads, in order, so an append made while a replay runs lands in a new file, replayed next time.
 * Counts the rows it holds for {@code sb_usage_spool_rows}.
 */
final class UsageSpool {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);
  private static final String ACTIVE = "usage-spool.jsonl";
  private static final String REPLAY_PREFIX = "usage-spool-replay-";
  private static final String REJECTED = "usage-rejected.jsonl";
  private final Vertx vertx;
  private final Path dir;
  private boolean pending;
  /** Appends asked for so far: a replay that saw fewer leaves the spool pending. */
  private long appends;
  private long rows;

  private UsageSpool(Vertx vertx, Path dir, long rows) {
    this.vertx = vertx;
    this.dir = dir;
    this.pending = rows > 0;
    this.rows = rows;
    UsageMetrics.spooled(rows);
  }

  /** Opens the spool directory (created if missing); it has pending rows when files were left by a previous run. */
  static Future<UsageSpool> open(Vertx vertx, Path dir) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      long lines = 0;
      for (Path file : files(dir)) {
        try (Stream<String> l = Files.lines(file, StandardCharsets.ISO_8859_1)) {
          lines += l.count();
        }
      }
      return new UsageSpool(vertx, dir, lines);
    }, true);
  }

  boolean hasPending() {
    return pending;
  }

  Future<Void> append(List<UsageRecord> records) {
    pending = true;
    appends++;
    return write(ACTIVE, records).onSuccess(v -> counted(records.size()));
  }

  /** This recorder stops: what is still in the spool no longer counts as its own (the next one counts it). */
  void close() {
    counted(-rows);
  }

  private void counted(long delta) {
    rows += delta;
    UsageMetrics.spooled(delta);
  }

  /** Keeps rows PostgreSQL refused (not a lost connection: the rows themselves) for an operator; never replayed. */
  Future<Void> reject(List<UsageRecord> records) {
    return write(REJECTED, records);
  }

  private Future<Void> write(String fileName, List<UsageRecord> records) {
    StringBuilder lines = new StringBuilder(records.size() * 400);
    for (UsageRecord r : records) {
      lines.append(r.toJson().encode()).append('\n');
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    return vertx.executeBlocking(() -> {
      try (FileChannel out = FileChannel.open(dir.resolve(fileName), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(false);
      }
      return null;
    }, true);
  }

  /** Writes every spooled record with {@code writer}, oldest first, {@code batchSize} at a time. */
  Future<Void> replay(Function<List<UsageRecord>, Future<?>> writer, int batchSize) {
    long appendsBefore = appends;
    return vertx.executeBlocking(() -> {
      Path active = dir.resolve(ACTIVE);
      if (Files.exists(active)) {
        Files.move(active, dir.resolve(REPLAY_PREFIX + System.currentTimeMillis() + "-" + System.nanoTime() + ".jsonl"),
          StandardCopyOption.ATOMIC_MOVE);
      }
      return files(dir);
    }, true).compose(files -> {
      Future<Void> chain = Future.succeededFuture();
      for (Path file : files) {
        chain = chain.compose(v -> replayFile(file, 0, writer, batchSize));
      }
      return chain.onSuccess(v -> {
        if (appends == appendsBefore) {
          pending = false;
          counted(-rows); // lines a crash tore were never rows
        }
      });
    });
  }

  private Future<Void> replayFile(Path file, long offset, Function<List<UsageRecord>, Future<?>> writer, int batchSize) {
    return vertx.executeBlocking(() -> readBatch(file, offset, batchSize), true).compose(chunk -> {
      if (chunk.records().isEmpty()) {
        return vertx.executeBlocking(() -> Files.deleteIfExists(file), true).mapEmpty();
      }
      return writer.apply(chunk.records())
        .compose(v -> {
          counted(-Math.min(rows, chunk.records().size()));
          return replayFile(file, chunk.next(), writer, batchSize);
        });
    });
  }

  private record Chunk(List<UsageRecord> records, long next) {
  }

  private static Chunk readBatch(Path file, long offset, int batchSize) throws IOException {
    List<UsageRecord> records = new ArrayList<>();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(offset);
      long position = offset;
      while (records.size() < batchSize) {
        String line = in.readLine(); // ISO-8859-1 per byte: re-decoded below
        if (line == null) {
          break;
        }
        position = in.getFilePointer();
        String text = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        try {
          records.add(UsageRecord.fromJson(new JsonObject(text)));
        } catch (DecodeException | NullPointerException | ClassCastException torn) {
          LOG.warn("skipping an unreadable line in {} (a write cut short by a crash)", file.getFileName());
        }
      }
      return new Chunk(records, position);
    }
  }

  /** Replay files first (older), then the active file. */
  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> replays = new ArrayList<>(list.filter(p -> p.getFileName().toString().startsWith(REPLAY_PREFIX))
        .sorted().toList());
      Path active = dir.resolve(ACTIVE);
      if (Files.exists(active)) {
        replays.add(active);
      }
      return replays;
    }
  }
}
