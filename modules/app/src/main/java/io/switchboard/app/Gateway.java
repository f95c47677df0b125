package io.switchboard.app;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.InFlight;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.NodeDeployments;
import io.switchboard.admin.InitialAdmin;
import io.switchboard.store.AccountStore;
import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.Bootstrap;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.Databases;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/** One running gateway on a Vert.x instance: storage opened, bootstrap synced, every role deployed. */
public final class Gateway {
  private final Vertx vertx;
  private final Storage storage;
  private final Roles roles;
  private final DeploymentAgent agent;
  private final NodeReadiness readiness;
  private final long drainMs;

  private Gateway(Vertx vertx, Storage storage, Roles roles, DeploymentAgent agent, NodeReadiness readiness,
                  long drainMs) {
    this.vertx = vertx;
    this.storage = storage;
    this.roles = roles;
    this.agent = agent;
    this.readiness = readiness;
    this.drainMs = drainMs;
  }

  /** Starts on a plain Vert.x and a resolved configuration (see {@link GatewayConfig}); fails with a {@link ConfigError}. */
  public static Future<Gateway> start(Vertx vertx, JsonObject config) {
    return start(GatewayNode.plain(vertx), config);
  }

  /** Starts the roles this node runs ({@code roles}) on its Vert.x, plain or clustered ({@link GatewayNode}). */
  static Future<Gateway> start(GatewayNode node, JsonObject config) {
    Vertx vertx = node.vertx();
    try {
      LogFormat.choose(config.getJsonObject("logging").getString("format"));
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    MessageCodecs.register(vertx);
    return vertx.executeBlocking(() -> Storage.open(config), false)
      .compose(storage -> checkRedis(vertx, storage)
        .compose(v -> syncBootstrap(vertx, config, storage))
        .compose(v -> {
          Roles roles = new Roles(config, storage, node.nodeId(), new Deployments(vertx, node.name()));
          DeploymentAgent agent = new DeploymentAgent(node, roles);
          // answering before the roles are up: /readyz says which are still missing
          return NodeReadiness.start(vertx, storage, roles, node.nodeId())
            .compose(readiness -> agent.start().compose(started -> agent.deployConfiguredRoles())
              .map(d -> new Gateway(vertx, storage, roles, agent, readiness, drainMs(config)))
              .recover(failure -> agent.stop().eventually(() -> roles.deployments().undeployAll())
                .eventually(readiness::stop)
                .eventually(() -> closeStorage(vertx, storage))
                .transform(ignored -> Future.failedFuture(failure))));
        })
        .recover(failure -> closeStorage(vertx, storage).transform(ignored -> Future.failedFuture(failure))));
  }

  /**
   * Stops the ingress first: it takes no new connection, and what is in flight has {@code shutdown.drainSeconds} to
   * finish before it is ended in-band and recorded. Then the other roles (providers drain by the same deadline, the
   * usage recorder writes what it holds), then embedded storage.
   */
  public Future<Void> stop() {
    InFlight.nodeStopping(vertx, drainMs);
    return agent.stop().eventually(() -> roles.deployments().undeployAll()).eventually(readiness::stop)
      .eventually(() -> closeStorage(vertx, storage))
      .onComplete(stopped -> InFlight.nodeStopped(vertx));
  }

  /** How long a stop lets requests and streams in flight finish ({@code shutdown.drainSeconds}). */
  long drainMs() {
    return drainMs;
  }

  static long drainMs(JsonObject config) {
    return config.getJsonObject("shutdown").getLong("drainSeconds", 30L) * 1000;
  }


  Storage storage() {
    return storage;
  }

  /** This node's deployments, as the deployments API sees and changes them. */
  Deployments deployments() {
    return roles.deployments();
  }

  /**
   * Undeploys every deployment of one role ({@code providers.openai}, ...) while the rest keeps running; completes
   * once their drains have ended.
   */
  Future<Void> undeploy(String role) {
    List<Future<Void>> drained = new ArrayList<>();
    for (Deployment d : roles.deployments().all()) {
      RoleSpec spec = d.spec;
      if (spec.qualified().equals(role) && !NodeDeployments.Deployment.STOPPED.equals(d.state)) {
        drained.add(roles.deployments().undeploy(d).compose(undeploying -> roles.deployments().drained(d)));
      }
    }
    return Future.join(drained).mapEmpty();
  }

  /**
   * Opens the adapter jar {@code jar} names (a path, or a file name in {@code adapters.dir}) and deploys
   * {@code instances} of its verticle on this node (0: as its config section says); answers the deployment id, or
   * fails with an {@link AdapterJarRefused} saying why, leaving everything that ran as it was.
   */
  Future<String> deployAdapter(String jar, int instances) {
    // looks for the file, reads the jar and loads its classes: off the event loop
    return vertx.executeBlocking(() -> AdapterJar.open(roles.adapterJarPath(jar)), false)
      .compose(opened -> deployAdapter(opened, instances));
  }

  /** Deploys an adapter jar opened already ({@link AdapterJar#open}); the gateway takes it over and closes it. */
  Future<String> deployAdapter(AdapterJar jar, int instances) {
    RoleSpec spec = RoleSpec.fromJar(jar, roles.adapterSection(jar.kind()));
    return roles.deployments().deploy(spec, instances > 0 ? instances : spec.configuredInstances())
      .recover(failure -> Future.failedFuture(new AdapterJarRefused("adapter " + jar + " did not start: "
        + (failure.getMessage() == null ? failure.toString() : failure.getMessage()))))
      .map(d -> d.id);
  }

  /** Undeploys a deployment (draining its calls); one made from a jar then unloads the jar's classes. */
  Future<Void> undeployAdapter(String deploymentId) {
    Deployment d = roles.deployments().find(deploymentId);
    if (d == null) {
      return Future.failedFuture(new IllegalArgumentException("no adapter deployment " + deploymentId));
    }
    return roles.deployments().undeploy(d).compose(undeploying -> roles.deployments().drained(d));
  }

  private static Future<Void> closeStorage(Vertx vertx, Storage storage) {
    return vertx.executeBlocking(() -> {
      storage.close();
      return null;
    }, false);
  }

  private static Future<Void> checkRedis(Vertx vertx, Storage storage) {
    Redis redis;
    try {
      redis = Databases.redis(vertx, storage.redisUrl());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ConfigError(e.getMessage()));
    }
    return redis.send(Request.cmd(Command.PING))
      .<Void>mapEmpty()
      .recover(failure -> Future.failedFuture(new ConfigError("storage.redis.url: cannot reach Redis: "
        + failure.getMessage())))
      .eventually(redis::close);
  }

  private static Future<Void> syncBootstrap(Vertx vertx, JsonObject config, Storage storage) {
    JsonObject section = config.getJsonObject("bootstrap", new JsonObject());
    Pool pool = Databases.postgres(vertx, storage.postgresUrl(), 2);
    CredentialCipher cipher;
    try {
      cipher = storage.cipher(vertx);
    } catch (IllegalArgumentException e) {
      return pool.close().transform(v -> Future.failedFuture(new ConfigError("security.masterKey: " + e.getMessage())));
    }
    return InitialAdmin.ensure(vertx, pool, config.getJsonObject("admin"))
      .compose(owner -> new Bootstrap(new AccountStore(pool), new ApiKeyStore(pool), cipher, new UserStore(pool), owner)
        .sync(section))
      .compose(v -> PriceSeed.seedMissing(vertx, pool).<Void>mapEmpty())
      .recover(failure -> Future.failedFuture(failure instanceof IllegalArgumentException
        ? new ConfigError(failure.getMessage()) : failure))
      .onSuccess(v -> {
        vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
        vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, null));
        vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.PRICE, null));
      })
      .eventually(pool::close);
  }
}
