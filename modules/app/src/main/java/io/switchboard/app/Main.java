package io.switchboard.app;

import io.switchboard.dialects.TokenEstimate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar switchboard.jar [--config FILE] [--webroot DIR]}: starts the whole gateway (the console's files
 * from DIR when given); SIGTERM drains and stops it.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Path configFile = null;
    String webroot = null;
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else if ("--webroot".equals(args[i]) && i + 1 < args.length) {
        webroot = args[++i];
      } else {
        fail("usage: java -jar switchboard.jar [--config FILE] [--webroot DIR]");
      }
    }
    Vertx bootVertx = Vertx.vertx();
    JsonObject config;
    try {
      config = GatewayConfig.load(bootVertx, configFile, System.getenv()).await();
    } catch (ConfigError e) {
      closed(bootVertx.close()); // its file cache (the defaults read out of the jar) goes with it, before the exit
      fail(e.getMessage());
      return;
    }
    bootVertx.close();
    if (webroot != null) {
      config.getJsonObject("admin").getJsonObject("console").put("webroot", webroot); // the console's files from disk
    }
    GatewayNode node;
    Gateway gateway;
    // the tokenizer's tables (about 0.1 s, 4 MiB) load while storage starts, not on the event loop of the first
    // request that counts tokens
    Thread tokenizer = new Thread(TokenEstimate::load, "tokenizer-load");
    tokenizer.setDaemon(true);
    tokenizer.start();
    try {
      Warmup.run(config);
    } catch (ConfigError e) {
      fail(e.getMessage());
      return;
    }
    try {
      node = GatewayNode.start(config).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      fail(e instanceof ConfigError ? e.getMessage() : "start-up failed: " + e);
      return;
    }
    try {
      gateway = Gateway.start(node, config).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      closed(node.close());
      fail(e instanceof ConfigError ? e.getMessage() : "start-up failed: " + e);
      return;
    }
    NativeHeapTrim.every(node.vertx(), config.getJsonObject("vertx").getLong("trimNativeHeapSeconds"));
    Placement placement = Placement.from(config);
    JsonObject http = config.getJsonObject("http");
    LOG.info("Switchboard running {}{}{}", placement.roles(), node.nodeId() == null ? "" : " as cluster node "
      + node.nodeId(), placement.runs("ingress") ? ", listening on http://" + http.getString("host") + ":"
      + http.getInteger("port") : "");
    Termination.install(() -> shutDown(gateway, node::close));
  }

  /** {@link #shutDown(Gateway, Supplier)} for a gateway on a plain Vert.x. */
  static void shutDown(Gateway gateway, Vertx vertx) {
    shutDown(gateway, vertx::close);
  }

  /**
   * What SIGTERM does: stop the gateway (no new connections; requests and streams in flight drain for
   * {@code shutdown.drainSeconds}, the rest are ended in-band and recorded; usage flushed), then Vert.x. Blocks until
   * done, or a minute past the drain.
   */
  static void shutDown(Gateway gateway, Supplier<Future<Void>> closeNode) {
    LOG.info("shutting down: draining requests and streams for up to {} s, then flushing usage",
      gateway.drainMs() / 1000);
    try {
      gateway.stop().eventually(closeNode).await(gateway.drainMs() + 60_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown did not finish cleanly: {}", e.toString());
    }
  }

  /**
   * Waits a little for a close before the process exits (System.exit would cut it short); a close that fails or takes
   * longer is left to the exit.
   */
  private static void closed(Future<Void> close) {
    try {
      close.await(10, TimeUnit.SECONDS);
    } catch (Exception notClosed) {
      // exiting anyway
    }
  }

  private static void fail(String message) {
    System.err.println("switchboard: " + message);
    System.exit(2);
  }
}
