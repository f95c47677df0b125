package io.switchboard.store;

import io.switchboard.api.StoredResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Responses API answers kept per client key (table {@code stored_responses}), and the conversations they chain. */
public final class StoredResponseStore {
  /** How far back a conversation is followed: a guard against a cycle, far beyond any real conversation. */
  private static final int MAX_TURNS = 10_000;
  private final Pool pool;

  public StoredResponseStore(Pool pool) {
    this.pool = pool;
  }

  /** Keeps a response; the same id for the same key again replaces it. */
  public Future<Void> save(StoredResponse response) {
    return pool.preparedQuery("""
        insert into stored_responses (key_id, id, created_at, account_id, upstream_state, previous_response_id, model,
          input, response) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        on conflict (key_id, id) do update set created_at = excluded.created_at, account_id = excluded.account_id,
          upstream_state = excluded.upstream_state, previous_response_id = excluded.previous_response_id,
          model = excluded.model, input = excluded.input, response = excluded.response""")
      .execute(Tuple.of(response.keyId(), response.id(),
        OffsetDateTime.ofInstant(Instant.ofEpochMilli(response.createdAtMillis()), ZoneOffset.UTC),
        response.accountId(), response.upstreamState(), response.previousResponseId(), response.model(),
        response.input().encode(), response.response().encode()))
      .mapEmpty();
  }

  /** The key's response with this id, or null. */
  public Future<StoredResponse> find(long keyId, String id) {
    return pool.preparedQuery("select * from stored_responses where key_id = $1 and id = $2")
      .execute(Tuple.of(keyId, id))
      .map(rows -> rows.size() == 0 ? null : toResponse(rows.iterator().next()));
  }

  /** Deletes the key's response with this id; whether there was one. */
  public Future<Boolean> delete(long keyId, String id) {
    return pool.preparedQuery("delete from stored_responses where key_id = $1 and id = $2")
      .execute(Tuple.of(keyId, id)).map(rows -> rows.rowCount() > 0);
  }

  /**
   * The conversation up to and including the key's response {@code id}, oldest turn first: that response, the one
   * it continued, and so on while they are kept. Empty when the key has no response with that id.
   */
  public Future<List<StoredResponse>> conversation(long keyId, String id) {
    return pool.preparedQuery("""
        with recursive chain as (
          select r.*, 0 as depth from stored_responses r where r.key_id = $1 and r.id = $2
          union all
          select r.*, c.depth + 1 from stored_responses r join chain c
            on r.key_id = c.key_id and r.id = c.previous_response_id and r.id <> c.id
          where c.depth < $3)
        select * from chain order by depth desc""")
      .execute(Tuple.of(keyId, id, MAX_TURNS))
      .map(rows -> {
        List<StoredResponse> chain = new ArrayList<>();
        rows.forEach(row -> chain.add(toResponse(row)));
        return chain;
      });
  }

  /** Deletes the responses kept since before {@code cutoff}; how many went. */
  public Future<Integer> pruneBefore(Instant cutoff) {
    return pool.preparedQuery("delete from stored_responses where created_at < $1")
      .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))).map(rows -> rows.rowCount());
  }

  private static StoredResponse toResponse(Row row) {
    Long account = row.getLong("account_id");
    return new StoredResponse(row.getLong("key_id"), row.getString("id"), account == null ? 0 : account,
      row.getBoolean("upstream_state"), row.getString("previous_response_id"), row.getString("model"),
      new JsonArray(row.getString("input")), new JsonObject(row.getString("response")),
      row.getOffsetDateTime("created_at").toInstant().toEpochMilli());
  }
}
