package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.MessageCodecs;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster.eventBusTls}: with a self-signed key pair made here, two nodes talk over TLS, and the event-bus port
 * speaks only TLS and admits only a peer that proves a trusted key.
 */
class ClusterTlsTest {
  private static final String PASSWORD = "bus-store-pass-51c2";
  private static final String SUBJECT = "CN=switchboard-bus-test";

  @TempDir
  Path dir;

  @Test
  void nodesTalkOverMutuallyAuthenticatedTls() throws Exception {
    Path keyStore = dir.resolve("node.p12");
    Path trustStore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", SUBJECT,
      "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    keytool("-exportcert", "-alias", "node", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
      "-file", dir.resolve("node.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "node", "-file", dir.resolve("node.crt").toString(),
      "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    JsonObject tls = new JsonObject().put("keyStore", keyStore.toString()).put("keyStorePassword", PASSWORD)
      .put("trustStore", trustStore.toString()).put("trustStorePassword", PASSWORD);
    String name = "sb-tls-" + UUID.randomUUID();
    int first = GatewayHarness.freePort();
    int second = GatewayHarness.freePort();
    int busPort = GatewayHarness.freePort();
    JsonArray members = new JsonArray().add("127.0.0.1:" + first).add("127.0.0.1:" + second);

    GatewayNode one = GatewayNode.start(node(name, first, members, tls, 0)).await(60, TimeUnit.SECONDS);
    GatewayNode two = null;
    try {
      two = GatewayNode.start(node(name, second, members, tls, busPort)).await(60, TimeUnit.SECONDS);
      MessageCodecs.register(one.vertx());
      MessageCodecs.register(two.vertx());
      Promise<ConfigChanged> arrived = Promise.promise();
      two.vertx().eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, m -> arrived.tryComplete(m.body()))
        .completion().await();
      one.vertx().eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, 7L));
      assertEquals(new ConfigChanged(ConfigChanged.API_KEY, 7L), arrived.future().await(10, TimeUnit.SECONDS),
        "the record crossed the encrypted bus");

      X509Certificate presented = handshake(busPort, keyStore, trustStore);
      assertEquals(SUBJECT, presented.getSubjectX500Principal().getName(), "the bus port is TLS with our key");
      assertTrue(refused(busPort, null, trustStore), "a peer without a trusted key of its own is turned away");
    } finally {
      if (two != null) {
        two.close().await();
      }
      one.close().await();
    }
  }

  private static JsonObject node(String name, int hazelcastPort, JsonArray members, JsonObject tls, int busPort) {
    JsonObject cluster = ClusterHarness.section(name, hazelcastPort, members).put("port", busPort)
      .put("eventBusTls", tls);
    return GatewayConfig.Defaults.get().put("cluster", cluster).put("roles", new JsonArray(List.of("usage")));
  }

  /** Connects as a node would, presenting the key; answers the certificate the bus port presented. */
  private static X509Certificate handshake(int port, Path keyStore, Path trustStore) throws Exception {
    try (SSLSocket socket = socket(port, keyStore, trustStore)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Whether the bus ends a TLS connection that presents no key (in the handshake, or at the first read). */
  private static boolean refused(int port, Path keyStore, Path trustStore) throws Exception {
    try (SSLSocket socket = socket(port, keyStore, trustStore)) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      InputStream in = socket.getInputStream();
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  private static SSLSocket socket(int port, Path keyStore, Path trustStore) throws Exception {
    KeyManagerFactory keys = null;
    if (keyStore != null) {
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keyStore), PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(trustStore));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
  }

  private static KeyStore load(Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), "keytool " + args[0] + ": " + output);
  }
}
