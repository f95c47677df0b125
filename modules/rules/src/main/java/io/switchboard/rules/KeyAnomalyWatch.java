package io.switchboard.rules;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.IpAllowList;
import io.switchboard.api.KeyActivity;
import io.switchboard.store.KeyAlertStore;
import io.switchboard.store.KeyAlertStore.KeyAlert;
import io.switchboard.store.KeyAnomalyCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches how client keys are used ({@code sb.key.activity}, each written usage batch once): a key used from an
 * address prefix it never was, for a model it never asked for, or far above its own request rate raises an alert
 * ({@link KeyAnomalyCounter} judges, in Redis, so every engine agrees and each anomaly is told once). Each alert is a
 * {@code key_alerts} row and a webhook (retried); by policy ({@code disableOn}) it also switches the key off, which
 * every node's key cache hears of at once.
 */
final class KeyAnomalyWatch {
  private static final Logger LOG = LoggerFactory.getLogger(KeyAnomalyWatch.class);
  private final Vertx vertx;
  private final KeyAnomalySettings settings;
  private final KeyAnomalyCounter counter;
  private final KeyAlertStore alerts;
  private final WebhookAlerts webhooks;

  KeyAnomalyWatch(Vertx vertx, KeyAnomalySettings settings, KeyAnomalyCounter counter, KeyAlertStore alerts,
                  WebhookAlerts webhooks) {
    this.vertx = vertx;
    this.settings = settings;
    this.counter = counter;
    this.alerts = alerts;
    this.webhooks = webhooks;
  }

  /** Judges each key's requests of the batch, in the order they began. */
  Future<Void> observe(KeyActivity activity) {
    Map<Long, List<KeyActivity.Use>> byKey = new LinkedHashMap<>();
    activity.uses().stream().sorted(Comparator.comparingLong(KeyActivity.Use::atMs))
      .forEach(use -> byKey.computeIfAbsent(use.keyId(), k -> new ArrayList<>()).add(use));
    List<Future<Void>> judged = new ArrayList<>();
    Map<String, String> prefixes = new HashMap<>(); // a batch's requests come from a few addresses, each read once
    byKey.forEach((keyId, uses) -> {
      List<KeyAnomalyCounter.Request> requests = uses.stream().map(use -> request(use, prefixes)).toList();
      judged.add(counter.count(keyId, requests)
        .compose(found -> Future.join(found.stream().map(a -> alert(uses.get(a.request() - 1), a)).toList()))
        .<Void>mapEmpty()
        .onFailure(failure -> LOG.warn("client key {}: its use was not judged: {}", keyId, failure.getMessage())));
    });
    return Future.join(judged).mapEmpty();
  }

  private KeyAnomalyCounter.Request request(KeyActivity.Use use, Map<String, String> prefixes) {
    return new KeyAnomalyCounter.Request(prefixes.computeIfAbsent(use.clientIp(),
        ip -> IpAllowList.prefixOf(ip, settings.ipv4PrefixBits(), settings.ipv6PrefixBits())),
      settings.newModel() ? use.model() : null, use.atMs() / 1000 / settings.bucketSeconds());
  }

  private Future<Void> alert(KeyActivity.Use use, KeyAnomalyCounter.Anomaly anomaly) {
    boolean disable = settings.disableOn().contains(anomaly.kind());
    Future<Boolean> disabled = disable ? alerts.disableKey(use.keyId()) : Future.succeededFuture(false);
    return disabled.compose(changed -> {
      if (changed) {
        vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, use.keyId()));
      }
      String action = disable ? "disabled" : "alert";
      LOG.warn("client key {}: {} ({}); {}", use.keyId(), anomaly.kind(), anomaly.detail(),
        disable ? "the key is disabled" : "alerted");
      KeyAlert row = new KeyAlert(0, use.keyId(), use.userId(), Instant.ofEpochMilli(use.atMs()), anomaly.kind(),
        anomaly.detail(), use.requestId(), use.clientIp(), use.model(), action);
      if (!settings.webhookUrl().isBlank()) {
        webhooks.send(settings.webhookUrl(), json(row)); // delivered (and retried) on its own; failures are logged
      }
      return alerts.insert(row).mapEmpty();
    });
  }

  private static JsonObject json(KeyAlert a) {
    return new JsonObject().put("event", "key.anomaly").put("kind", a.kind()).put("keyId", a.keyId())
      .put("userId", a.userId()).put("detail", a.detail()).put("requestId", a.requestId())
      .put("clientIp", a.clientIp()).put("model", a.model()).put("action", a.action()).put("at", a.at().toString());
  }
}
