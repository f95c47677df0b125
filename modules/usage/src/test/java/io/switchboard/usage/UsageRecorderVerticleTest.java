package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Usage rows are written in batches, once per request id, and nothing held is lost on a graceful stop. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class UsageRecorderVerticleTest {
  private static final long STARTED = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private static String deploy(Vertx vertx, int batchSize, long flushIntervalMs) {
    return RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), batchSize,
      flushIntervalMs));
  }

  private static UsageRecord record(String id, long input, Long accountId, long ttfb) {
    return new UsageRecord(id, 7, accountId, "gpt-4o-mini", accountId == null ? null : "gpt-4o-mini",
      new Usage(input, 2 * input, 3, 4, 5), 200, 12, ttfb, true, "ok", 0, "default", false, STARTED, false);
  }

  @Test
  void aBatchIsWrittenOncePerRequestIdWithEveryField(Vertx vertx) throws Exception {
    String id = deploy(vertx, 3, 60_000); // only a full batch flushes before the stop
    vertx.eventBus().send(Addresses.USAGE_RECORD, record("req-a", 10, 1L, 8));
    vertx.eventBus().send(Addresses.USAGE_RECORD, record("req-b", 20, null, -1));
    vertx.eventBus().send(Addresses.USAGE_RECORD, record("req-a", 99, 1L, 8)); // a replay of req-a

    List<String> rows = awaitRows(2);
    assertEquals(List.of("req-a|2026-01-01 00:00:00+00|7|1|gpt-4o-mini|gpt-4o-mini|10|20|3|4|5|200|12|8|t|ok",
      "req-b|2026-01-01 00:00:00+00|7||gpt-4o-mini||20|40|3|4|5|200|12||t|ok"), rows);
    vertx.undeploy(id).await();
  }

  @Test
  void aGracefulStopWritesWhatIsStillHeld(Vertx vertx) throws Exception {
    String id = deploy(vertx, 1000, 60_000); // neither size nor time would flush during the test
    for (int i = 0; i < 5; i++) {
      vertx.eventBus().send(Addresses.USAGE_RECORD, record("req-" + i, i, 2L, 1));
    }
    Thread.sleep(200);
    assertEquals(0, TestStorage.query("select request_id from usage_log").size(), "still held in the batch");

    vertx.undeploy(id).await();

    assertEquals(5, TestStorage.query("select request_id from usage_log").size());
  }

  private static List<String> awaitRows(int count) throws Exception {
    return TestStorage.awaitRows("select concat_ws('|', request_id, created_at at time zone 'UTC' || '+00', key_id, "
      + "coalesce(account_id::text, ''), model, coalesce(upstream_model, ''), input_tokens, output_tokens, "
      + "cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, coalesce(ttfb_ms::text, ''), stream, "
      + "outcome) from usage_log order by request_id", count);
  }
}
