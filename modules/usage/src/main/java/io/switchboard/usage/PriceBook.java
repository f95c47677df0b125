package io.switchboard.usage;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.ChargeRatesStore;
import io.switchboard.store.ModelPrice;
import io.switchboard.store.PricedUsage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices usage records with model prices, group ratios and users' multipliers kept in memory, reloaded when
 * {@code sb.config.changed} names prices, groups or users. A model without a price is flagged on the row and
 * counted in {@code sb_usage_unpriced_total}, never silently free.
 */
final class PriceBook {
  private static final Logger LOG = LoggerFactory.getLogger(PriceBook.class);
  private static final long ONE_PPM = 1_000_000;
  private final ChargeRatesStore store;
  private final Map<Long, Long> multipliers = new HashMap<>();
  private final Set<String> warnedModels = new HashSet<>();
  private Map<String, ModelPrice> prices;
  private Map<String, Long> ratios;

  PriceBook(ChargeRatesStore store) {
    this.store = store;
  }

  void configChanged(ConfigChanged change) {
    switch (change.entity()) {
      case ConfigChanged.PRICE -> prices = null;
      case ConfigChanged.GROUP -> ratios = null;
      case ConfigChanged.USER -> {
        if (change.id() == null) {
          multipliers.clear();
        } else {
          multipliers.remove(change.id());
        }
      }
      default -> {
      }
    }
  }

  Future<List<PricedUsage>> price(List<UsageRecord> records) {
    Set<Long> unknownUsers = new HashSet<>();
    for (UsageRecord r : records) {
      if (r.userId() != 0 && !multipliers.containsKey(r.userId())) {
        unknownUsers.add(r.userId());
      }
    }
    Future<Void> loaded = Future.join(
      prices != null ? Future.succeededFuture() : store.prices().onSuccess(p -> prices = p),
      ratios != null ? Future.succeededFuture() : store.groupRatios().onSuccess(r -> ratios = r),
      unknownUsers.isEmpty() ? Future.succeededFuture() : store.multipliers(unknownUsers).onSuccess(m -> {
        unknownUsers.forEach(id -> multipliers.put(id, m.getOrDefault(id, ONE_PPM)));
      })).mapEmpty();
    return loaded.map(v -> {
      List<PricedUsage> out = new ArrayList<>(records.size());
      for (UsageRecord r : records) {
        out.add(priceOne(r));
      }
      return out;
    });
  }

  private PricedUsage priceOne(UsageRecord r) {
    if (!Pricing.usedTokens(r.usage()) && r.traffic().units() == 0) {
      return new PricedUsage(r, 0, 0, false);
    }
    ModelPrice price = r.upstreamModel() == null ? null : prices.get(r.upstreamModel());
    if (price == null) {
      price = prices.get(r.model());
    }
    if (price == null) {
      unpriced(r.upstreamModel() == null ? r.model() : r.upstreamModel());
      return new PricedUsage(r, 0, 0, true);
    }
    long multiplier = r.userId() == 0 ? ONE_PPM : multipliers.getOrDefault(r.userId(), ONE_PPM);
    Pricing.Cost cost = Pricing.cost(r.usage(), r.traffic().units(), price, ratios.getOrDefault(r.group(), ONE_PPM),
      multiplier);
    return new PricedUsage(r, cost.baseMicros(), cost.chargedMicros(), false);
  }

  private void unpriced(String model) {
    Counter.builder("sb.usage.unpriced").description("usage rows whose model has no price (cost recorded as 0, flagged)")
      .tag("model", model).register(GatewayMetrics.registry()).increment();
    if (warnedModels.size() < 1000 && warnedModels.add(model)) {
      LOG.warn("model '{}' has no price in model_prices: its usage is recorded with price_missing and cost 0", model);
    }
  }
}
