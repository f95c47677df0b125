package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.RequestTraffic;
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

  /**
   * Each of a row's 29 columns comes from its own field of the record: every two columns of one type hold different
   * values in one of the two rows, so no two can be swapped unseen.
   */
  @Test
  void everyColumnOfARowIsWrittenFromItsOwnField(Vertx vertx) throws Exception {
    TestStorage.execute("insert into model_prices (model, input_micros, output_micros) values "
      + "('every-column-model', 2000000, 3000000) on conflict (model) do nothing");
    TestStorage.execute("insert into user_groups (name, ratio_ppm) values ('every-column-group', 1500000) "
      + "on conflict (name) do nothing");
    String id = deploy(vertx, 2, 60_000);
    vertx.eventBus().send(Addresses.USAGE_RECORD, new UsageRecord("req-every-column-1", 17, 23L, "every-column-model",
      "every-column-upstream", new Usage(100, 200, 30, 40, 50), 429, 1234, 567, true, "refused",
      ErrorClass.RATE_LIMITED, 0, "every-column-group", true, STARTED + 5_000, false,
      new RequestTraffic("/v1/chat/completions", "203.0.113.9", 4567, 8910, 11)));
    // the booleans (on fallback, stream, price missing, estimated): t t f f above, t f t f here
    vertx.eventBus().send(Addresses.USAGE_RECORD, new UsageRecord("req-every-column-2", 17, 23L, "unpriced-model",
      "unpriced-upstream", new Usage(1, 2, 0, 0, 0), 200, 10, 5, false, "ok", null, 0, "every-column-group", true,
      STARTED + 5_000, false, new RequestTraffic("/v1/messages", "203.0.113.10", 1, 2, 3)));

    List<String> rows = TestStorage.awaitRows("select concat_ws('|', request_id, "
      + "created_at at time zone 'UTC' || '+00', key_id, user_id, group_name, on_fallback, account_id, model, "
      + "upstream_model, input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, status, "
      + "latency_ms, ttfb_ms, stream, outcome, base_cost_micros, charged_cost_micros, price_missing, estimated, "
      + "coalesce(error_class, ''), endpoint, client_ip, request_bytes, response_bytes, units) from usage_log "
      + "where request_id like 'req-every-column-%' order by request_id", 2);
    // of the 100 input tokens 30 were read from the cache and 40 written to it (neither priced here): 30 at 2 per
    // token and 200 output at 3 are 660 micro-units, 990 charged at the group's ratio of 1.5
    assertEquals(List.of("req-every-column-1|2026-01-01 00:00:05+00|17|0|every-column-group|t|23|every-column-model|"
        + "every-column-upstream|100|200|30|40|50|429|1234|567|t|refused|660|990|f|f|rate_limited|"
        + "/v1/chat/completions|203.0.113.9|4567|8910|11",
      "req-every-column-2|2026-01-01 00:00:05+00|17|0|every-column-group|t|23|unpriced-model|unpriced-upstream|"
        + "1|2|0|0|0|200|10|5|f|ok|0|0|t|f||/v1/messages|203.0.113.10|1|2|3"), rows);
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
