package io.switchboard.app;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several testkit mock upstreams, each behind its own OpenAI account serving {@link #MODEL}, added to a running test
 * gateway; the scheduler has picked every one of them up when {@link #add} returns.
 */
final class UpstreamFleet {
  static final String MODEL = "fleet-model";
  private final GatewayHarness gw;
  private final Map<String, MockUpstream> mocks = new LinkedHashMap<>();
  private final Map<String, Long> ids = new LinkedHashMap<>();

  UpstreamFleet(GatewayHarness gw) {
    this.gw = gw;
  }

  /** A mock and its account: higher {@code priority} is tried first; {@code options} as accounts.options. */
  MockUpstream add(String name, int priority, int weight, JsonObject options) throws Exception {
    MockUpstream mock = MockUpstream.start(gw.vertx).await();
    String marker = MODEL + "-" + name;
    long id = Long.parseLong(TestStorage.query("insert into accounts (name, provider, base_url, models, priority, weight,"
      + " options) values ('" + name + "', 'openai', '" + mock.baseUrl() + "', '{" + MODEL + "," + marker + "}', "
      + priority + ", " + weight + ", '" + (options == null ? "{}" : options.encode()) + "') returning id").get(0));
    mocks.put(name, mock);
    ids.put(name, id);
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    for (int i = 0; i < 3; i++) {
      ModelsPolling.awaitModel(gw, marker); // requests take turns among scheduler instances: ask each of them
    }
    return mock;
  }

  MockUpstream add(String name, int priority) throws Exception {
    return add(name, priority, 1, null);
  }

  MockUpstream mock(String name) {
    return mocks.get(name);
  }

  long id(String name) {
    return ids.get(name);
  }

  /** Requests each mock received, by account name. */
  Map<String, Integer> received() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    mocks.forEach((name, mock) -> counts.put(name, mock.received().size()));
    return counts;
  }

  /** The account's stored status, e.g. {@code rate_limited}. */
  String status(String name) throws Exception {
    return TestStorage.query("select status from accounts where id = " + id(name)).get(0);
  }

  void close() {
    List<MockUpstream> all = new ArrayList<>(mocks.values());
    all.forEach(mock -> mock.close().await());
  }
}
