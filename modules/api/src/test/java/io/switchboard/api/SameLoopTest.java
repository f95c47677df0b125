package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A role with an instance on every event loop answers each sender on the sender's own loop; an instance that goes is
 * no longer chosen and the others answer; on a clustered bus the instances on other nodes keep their share.
 */
class SameLoopTest {
  private static final String ROLE = "sb.test.same-loop.role";
  /** Each role deployment's context. */
  private static final Map<String, Context> PLACED = new ConcurrentHashMap<>();
  private final List<Vertx> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(vertx -> vertx.close().await());
  }

  /** Answers with the name of the thread it runs on (and, when clustered, the node it runs in). */
  private static final class Role extends VerticleBase {
    private final String node;

    Role(String node) {
      this.node = node;
    }

    @Override
    public Future<?> start() {
      PLACED.put(deploymentID(), context);
      return SameLoop.<String>consumer(vertx, ROLE, this::answer).completion();
    }

    private void answer(Message<String> message) {
      message.reply(node + " " + Thread.currentThread().getName());
    }
  }

  /** Keeps its context, to send from its event loop. */
  private static final class Sender extends VerticleBase {
    private final List<Context> contexts;

    Sender(List<Context> contexts) {
      this.contexts = contexts;
    }

    @Override
    public Future<?> start() {
      contexts.add(context);
      return Future.succeededFuture();
    }
  }

  @Test
  void eachSenderIsAnsweredOnItsOwnLoopWhereTheSharedAddressTakesTurns() {
    Vertx vertx = twoLoops();
    vertx.deployVerticle(() -> new Role("node"), new DeploymentOptions().setInstances(2)).await();
    List<Context> senders = senders(vertx);
    for (Context sender : senders) {
      String own = "node " + threadOf(sender);
      Map<String, Integer> sameLoop = answers(sender, true, 10);
      assertEquals(Map.of(own, 10), sameLoop, "every call answered on the sender's loop");
      Map<String, Integer> shared = answers(sender, false, 10);
      assertEquals(2, shared.size(), "the shared address takes both instances in turn: " + shared);
    }
  }

  @Test
  void anInstanceThatGoesIsNoLongerChosenAndTheOtherAnswers() {
    Vertx vertx = twoLoops();
    String first = vertx.deployVerticle(new Role("node")).await();
    vertx.deployVerticle(new Role("node")).await();
    Map<String, Context> byThread = new TreeMap<>();
    senders(vertx).forEach(sender -> byThread.put(threadOf(sender), sender));
    for (Map.Entry<String, Context> sender : byThread.entrySet()) {
      assertEquals(Map.of("node " + sender.getKey(), 3), answers(sender.getValue(), true, 3), "one instance per loop");
    }
    String firstThread = threadOf(PLACED.get(first));
    Context onFirst = byThread.get(firstThread);
    vertx.undeploy(first).await();
    String otherThread = byThread.keySet().stream().filter(name -> !name.equals(firstThread)).findFirst().orElseThrow();
    assertEquals(ROLE, callOn(onFirst, () -> SameLoop.address(ROLE)), "its loop has no instance of its own now");
    assertEquals(Map.of("node " + otherThread, 5), answers(onFirst, true, 5), "answered by the instance left");
    assertEquals(Map.of("node " + otherThread, 5), answers(byThread.get(otherThread), true, 5));
  }

  @Test
  void onAClusteredBusInstancesOnOtherNodesKeepTheirShare() throws IOException {
    String cluster = "sb-same-loop-" + UUID.randomUUID();
    int firstPort = ClusterCodecsTest.freePort();
    int secondPort = ClusterCodecsTest.freePort();
    Vertx first = ClusterCodecsTest.clustered(cluster, firstPort, secondPort);
    opened.add(first);
    Vertx second = ClusterCodecsTest.clustered(cluster, secondPort, firstPort);
    opened.add(second);
    Context sender = PLACED.get(first.deployVerticle(new Role("first")).await()); // a sender on the role's loop
    second.deployVerticle(new Role("second")).await();
    assertEquals(ROLE, callOn(sender, () -> SameLoop.address(ROLE)), "no loop of its own on a clustered bus");
    Set<String> nodes = new TreeSet<>();
    long deadline = System.currentTimeMillis() + 10_000; // until the first node has heard of the second's handler
    while (nodes.size() < 2 && System.currentTimeMillis() < deadline) {
      answers(sender, true, 2).keySet().forEach(who -> nodes.add(who.split(" ")[0]));
    }
    assertEquals(Set.of("first", "second"), nodes, "the instances on both nodes answer the sender on the role's loop");
  }

  private Vertx twoLoops() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    opened.add(vertx);
    return vertx;
  }

  /** Two senders, one on each event loop. */
  private static List<Context> senders(Vertx vertx) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new Sender(contexts), new DeploymentOptions().setInstances(2)).await();
    assertNotEquals(threadOf(contexts.get(0)), threadOf(contexts.get(1)), "the senders run on two loops");
    return contexts;
  }

  /** Who answered {@code count} calls sent from {@code sender}'s loop, to its own address or the shared one. */
  private static Map<String, Integer> answers(Context sender, boolean sameLoop, int count) {
    Map<String, Integer> answered = new ConcurrentHashMap<>();
    Promise<Void> done = Promise.promise();
    sender.runOnContext(v -> {
      List<Future<Message<String>>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        calls.add(sender.owner().eventBus().request(sameLoop ? SameLoop.address(ROLE) : ROLE, "who"));
      }
      Future.join(calls).onComplete(all -> {
        calls.forEach(call -> answered.merge(call.succeeded() ? call.result().body() : "failed: " + call.cause(), 1,
          Integer::sum));
        done.complete();
      });
    });
    within10s(done.future());
    return new TreeMap<>(answered);
  }

  private static String threadOf(Context context) {
    return callOn(context, () -> Thread.currentThread().getName());
  }

  private static <T> T callOn(Context context, Supplier<T> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> result.complete(work.get()));
    return within10s(result.future());
  }

  private static <T> T within10s(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }
}
