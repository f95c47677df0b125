package io.switchboard.app;

import io.switchboard.api.Addresses;
import io.switchboard.api.Readiness;
import io.switchboard.store.Databases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers {@link Addresses#HEALTH_READY} for this node (a local consumer, so {@code /readyz} on any node reports that
 * node): runs every {@link ReadinessCheck} at once, each bounded by {@link #CHECK_TIMEOUT_MS}. A new check is one more
 * entry in {@link #checks}.
 */
final class NodeReadiness {
  /** How long one check may take before it counts as failed: below the probes' own timeouts (deploy/k8s: 3 s). */
  static final long CHECK_TIMEOUT_MS = 2000;
  private final Vertx vertx;
  private final List<ReadinessCheck> checks;
  private final Pool postgres;
  private final Redis redis;
  private MessageConsumer<Object> consumer;

  private NodeReadiness(Vertx vertx, Storage storage, Roles roles, String nodeId) {
    this.vertx = vertx;
    // the pool the roles of this process share: it is their way to PostgreSQL that has to work
    this.postgres = Databases.postgres(vertx, storage.postgresUrl(), storage.poolSize(), storage.postgresLimits());
    this.redis = Databases.redis(vertx, storage.redisUrl(), storage.redisTimeoutMs());
    List<ReadinessCheck> list = new ArrayList<>();
    list.add(ReadinessCheck.of("postgres", () -> postgres.query("SELECT 1").execute()));
    list.add(ReadinessCheck.of("redis", () -> redis.send(Request.cmd(Command.PING))));
    if (vertx.isClustered()) {
      list.add(ReadinessCheck.of("cluster", () -> cluster(nodeId)));
    }
    list.add(ReadinessCheck.of("roles", () -> roles(roles)));
    list.add(ReadinessCheck.of("deployments", () -> deployments(roles.deployments())));
    this.checks = List.copyOf(list);
  }

  /** Starts answering for this node. */
  static Future<NodeReadiness> start(Vertx vertx, Storage storage, Roles roles, String nodeId) {
    NodeReadiness readiness = new NodeReadiness(vertx, storage, roles, nodeId);
    readiness.consumer = vertx.eventBus().localConsumer(Addresses.HEALTH_READY,
      message -> readiness.check().onSuccess(message::reply));
    return readiness.consumer.completion().map(readiness);
  }

  Future<Void> stop() {
    return consumer.unregister().eventually(redis::close).eventually(postgres::close);
  }

  /** Every check, run at once; never fails. */
  Future<Readiness> check() {
    List<Future<Readiness.Check>> results = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      results.add(run(check));
    }
    return Future.join(results).transform(done -> Future.succeededFuture(
      new Readiness(results.stream().map(Future::result).toList())));
  }

  private Future<Readiness.Check> run(ReadinessCheck check) {
    Future<?> running;
    try {
      running = check.run();
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    return running.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .map(v -> new Readiness.Check(check.name(), true, null))
      .otherwise(failure -> new Readiness.Check(check.name(), false, failure instanceof TimeoutException
        ? "no answer within " + CHECK_TIMEOUT_MS + " ms" : firstLine(failure)));
  }

  private Future<Void> cluster(String nodeId) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (manager == null || !manager.isActive()) {
      return Future.failedFuture("the cluster manager is not running");
    }
    return manager.getNodes().contains(nodeId) ? Future.succeededFuture()
      : Future.failedFuture("this node (" + nodeId + ") is not a member of the cluster");
  }

  private static Future<Void> roles(Roles roles) {
    List<String> missing = roles.missing();
    return missing.isEmpty() ? Future.succeededFuture()
      : Future.failedFuture("not deployed: " + String.join(", ", missing));
  }

  private static Future<Void> deployments(Deployments deployments) {
    List<String> problems = deployments.problems();
    return problems.isEmpty() ? Future.succeededFuture() : Future.failedFuture(String.join("; ", problems));
  }

  private static String firstLine(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
