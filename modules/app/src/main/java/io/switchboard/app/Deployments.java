package io.switchboard.app;

import io.switchboard.api.InFlight;
import io.switchboard.api.NodeDeployments;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's deployments ({@link Deployment}), with the four changes the deployments API makes to them. Changes run
 * one at a time, in the order asked. Every removal of instances is the same drain: the parts go with
 * {@code vertx.undeploy}, whose {@code stop()} unregisters their consumers first (new calls go to the other
 * instances, on any node), finishes what they have in flight within their drain, then ends the rest in-band. A change
 * answers once its new instances run and its old ones have begun to drain; the drain goes on in the background
 * ({@code state} shows it), except when the node stops, which waits for every drain.
 */
final class Deployments {
  private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);
  /** Stopped deployments stay listed (state {@code stopped}) until this many newer ones have stopped. */
  private static final int STOPPED_KEPT = 20;
  private final Vertx vertx;
  private final String node;
  private final Map<String, Deployment> byId = new ConcurrentHashMap<>();
  private final List<String> order = new ArrayList<>(); // creation order, under the lock of this
  private final AtomicInteger serial = new AtomicInteger();
  private final List<Future<Void>> drains = new ArrayList<>();
  private Future<?> tail = Future.succeededFuture();

  Deployments(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
  }

  String node() {
    return node;
  }

  /** Every deployment on this node in the order they were made, stopped ones included. */
  synchronized List<Deployment> all() {
    return order.stream().map(byId::get).toList();
  }

  Deployment find(String id) {
    return byId.get(id);
  }

  List<NodeDeployments.Deployment> views() {
    return all().stream().map(d -> d.view(vertx, node)).toList();
  }

  /** Deploys a new deployment of {@code instances} instances; a start failure leaves nothing behind. */
  Future<Deployment> deploy(RoleSpec spec, int instances) {
    return serially(() -> start(spec, instances).map(part -> {
      Deployment made = new Deployment(node + ":" + spec.qualified() + ":" + serial.incrementAndGet(), spec,
        System.currentTimeMillis());
      made.parts.add(part);
      made.wanted = instances;
      synchronized (this) {
        byId.put(made.id, made);
        order.add(made.id);
      }
      return made;
    }));
  }

  /**
   * To {@code instances}: up by one more part; down by draining the newest parts that add up to the difference, or,
   * when no parts do, by starting one part of the new size first and draining all the others.
   */
  Future<Deployment> scale(Deployment d, int instances) {
    return serially(() -> {
      if (!NodeDeployments.Deployment.RUNNING.equals(d.state)) {
        return notRunning(d);
      }
      int now = d.instances();
      if (instances > now) {
        return start(d.spec, instances - now).map(part -> {
          d.parts.add(part);
          d.wanted = instances;
          return d;
        });
      }
      if (instances == now) {
        return Future.succeededFuture(d);
      }
      List<Deployment.Part> newestFirst = new ArrayList<>(d.live());
      newestFirst.sort(Comparator.comparingInt(p -> -d.parts.indexOf(p)));
      List<Deployment.Part> leaving = new ArrayList<>();
      int surplus = now - instances;
      for (Deployment.Part part : newestFirst) {
        if (part.instances <= surplus) {
          leaving.add(part);
          surplus -= part.instances;
        }
      }
      d.wanted = instances;
      if (surplus == 0) {
        leaving.forEach(part -> drain(d, part));
        return Future.succeededFuture(d);
      }
      return replace(d, d.spec, instances);
    });
  }

  /** New instances of {@code spec} (the same count) first, then the old ones drain. */
  Future<Deployment> redeploy(Deployment d, RoleSpec spec) {
    return serially(() -> !NodeDeployments.Deployment.RUNNING.equals(d.state) ? notRunning(d)
      : replace(d, spec, d.instances()).map(done -> {
        d.since = System.currentTimeMillis();
        return done;
      }));
  }

  /** Drains every instance; the deployment stays listed as {@code draining}, then {@code stopped}. */
  Future<Deployment> undeploy(Deployment d) {
    return serially(() -> {
      if (!NodeDeployments.Deployment.RUNNING.equals(d.state)) {
        return notRunning(d);
      }
      d.state = NodeDeployments.Deployment.DRAINING;
      d.wanted = 0;
      List<Future<Void>> all = d.live().stream().map(part -> drain(d, part)).toList();
      Future.join(all).onComplete(done -> stopped(d));
      return Future.succeededFuture(d);
    });
  }

  /** Completes once {@code d} has stopped. */
  Future<Void> drained(Deployment d) {
    return d.ended.future();
  }

  /** Undeploys everything, the ingress first (it stops taking requests), then the rest newest first; waits for it. */
  Future<Void> undeployAll() {
    List<Deployment> running = new ArrayList<>(all().stream()
      .filter(d -> !NodeDeployments.Deployment.STOPPED.equals(d.state)).toList());
    java.util.Collections.reverse(running);
    running.sort(Comparator.comparingInt(d -> "ingress".equals(d.role) ? 0 : 1));
    Future<Void> chain = tail.transform(ignored -> Future.succeededFuture());
    for (Deployment d : running) {
      chain = chain.compose(v -> {
        d.state = NodeDeployments.Deployment.DRAINING;
        return Future.join(d.live().stream().map(part -> drain(d, part)).toList()).<Void>mapEmpty()
          .onComplete(done -> stopped(d));
      });
    }
    return chain.compose(v -> {
      List<Future<Void>> pending;
      synchronized (this) {
        pending = new ArrayList<>(drains);
      }
      return Future.join(pending).mapEmpty();
    });
  }

  /**
   * Are this node's deployments as they should be: every running deployment runs the instances it was last asked
   * for. Empty when all is well, else one line per problem (for {@code /readyz}).
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Deployment d : all()) {
      if (NodeDeployments.Deployment.RUNNING.equals(d.state) && d.instances() != d.wanted) {
        problems.add(d.id + " runs " + d.instances() + " of " + d.wanted + " instances");
      }
    }
    return problems;
  }

  /** A change that reached a deployment undeployed by a change asked before it. */
  private static Future<Deployment> notRunning(Deployment d) {
    return Future.failedFuture(new IllegalStateException("deployment " + d.id + " is " + d.state));
  }

  private Future<Deployment> replace(Deployment d, RoleSpec spec, int instances) {
    List<Deployment.Part> old = d.live();
    return start(spec, instances).map(part -> {
      d.parts.add(part);
      d.spec = spec;
      d.wanted = instances;
      old.forEach(p -> drain(d, p));
      return d;
    });
  }

  /** Starts one part; when it does not start, a jar nothing else runs is closed again. */
  private Future<Deployment.Part> start(RoleSpec spec, int instances) {
    // an adapter from a jar keeps the app's context class loader: what Vert.x holds must not pin the jar (AdapterInstance)
    DeploymentOptions options = new DeploymentOptions().setInstances(instances).setConfig(spec.config().copy());
    return vertx.deployVerticle(spec.factory(), options)
      .map(vertxId -> {
        // every instance has its own copy of the config by now; Vert.x 5.0 copies the deployment's config again into
        // each context it builds later, and its HTTP client builds one per request (a provider's upstream calls)
        options.setConfig(new JsonObject());
        return new Deployment.Part(vertxId, instances, spec);
      })
      .onFailure(failure -> closeUnused(spec));
  }

  /** Undeploys one part: its instances unregister their consumers, drain, stop; then its jar may close. */
  private Future<Void> drain(Deployment d, Deployment.Part part) {
    part.draining = true;
    Future<Void> drained = vertx.undeploy(part.vertxId)
      .onFailure(failure -> LOG.warn("undeploying {} of {} failed: {}", part.vertxId, d.id, failure.toString()))
      .transform(done -> {
        d.parts.remove(part);
        InFlight.forget(vertx, part.vertxId);
        closeUnused(part.spec);
        return Future.<Void>succeededFuture();
      });
    synchronized (this) {
      drains.add(drained);
    }
    return drained.onComplete(done -> {
      synchronized (this) {
        drains.remove(drained);
      }
    });
  }

  /** A jar's class loader closes once no part of any deployment runs a verticle of it. */
  private void closeUnused(RoleSpec spec) {
    if (spec.jar() == null) {
      return;
    }
    boolean used = byId.values().stream().anyMatch(d -> d.parts.stream().anyMatch(p -> p.spec.jar() == spec.jar()));
    if (!used) {
      spec.jar().close();
    }
  }

  private synchronized void stopped(Deployment d) {
    d.state = NodeDeployments.Deployment.STOPPED;
    d.spec = d.spec.released();
    d.ended.tryComplete();
    List<String> stopped = order.stream().filter(id -> NodeDeployments.Deployment.STOPPED.equals(byId.get(id).state))
      .toList();
    for (int i = 0; i < stopped.size() - STOPPED_KEPT; i++) {
      order.remove(stopped.get(i));
      byId.remove(stopped.get(i));
    }
  }

  /**
   * Runs the change after every change asked before it has answered. The queue's tail is a bare promise: a composed
   * future would keep its function, and with it the last change's spec (a jar's classes) reachable for good.
   */
  private synchronized <T> Future<T> serially(Supplier<Future<T>> change) {
    Promise<T> done = Promise.promise();
    Promise<Void> turn = Promise.promise();
    Future<?> previous = tail;
    tail = turn.future();
    previous.onComplete(ignored -> {
      try {
        change.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
      done.future().onComplete(finished -> turn.complete());
    });
    return done.future();
  }
}
