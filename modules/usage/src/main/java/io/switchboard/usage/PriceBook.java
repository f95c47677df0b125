package io.switchboard.usage;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ConfigGeneration;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.LabelValues;
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
 * counted in {@code sb_usage_unpriced_total}, never silently free. A load that was in flight when a change was
 * announced prices its own batch but is not kept: the next batch reads again.
 */
final class PriceBook {
  private static final Logger LOG = LoggerFactory.getLogger(PriceBook.class);
  private static final long ONE_PPM = 1_000_000;
  /** Models served without a price, named in {@code sb_usage_unpriced_total} up to 200 of them. */
  private static final LabelValues UNPRICED_NAMES = new LabelValues(200);
  private final ChargeRatesStore store;
  private final Map<Long, Long> multipliers = new HashMap<>();
  private final Set<String> warnedModels = new HashSet<>();
  private Map<String, ModelPrice> prices;
  private Map<String, Long> ratios;
  private final ConfigGeneration changes = new ConfigGeneration();

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
        return;
      }
    }
    changes.advance();
  }

  /** The rates one batch is priced with: what was cached, and what was loaded for it. */
  private record Rates(Map<String, ModelPrice> prices, Map<String, Long> ratios, Map<Long, Long> multipliers) {
  }

  Future<List<PricedUsage>> price(List<UsageRecord> records) {
    Map<Long, Long> userRates = new HashMap<>(); // this batch's users, as cached now: a change may drop them
    Set<Long> unknownUsers = new HashSet<>();
    for (UsageRecord r : records) {
      Long cached = r.userId() == 0 ? null : multipliers.get(r.userId());
      if (cached != null) {
        userRates.put(r.userId(), cached);
      } else if (r.userId() != 0) {
        unknownUsers.add(r.userId());
      }
    }
    long began = changes.current();
    Future<Map<String, ModelPrice>> priceList = prices != null ? Future.succeededFuture(prices) : store.prices();
    Future<Map<String, Long>> ratioList = ratios != null ? Future.succeededFuture(ratios) : store.groupRatios();
    Future<Map<Long, Long>> loadedMultipliers = unknownUsers.isEmpty() ? Future.succeededFuture(Map.of())
      : store.multipliers(unknownUsers).map(m -> {
        Map<Long, Long> found = new HashMap<>();
        unknownUsers.forEach(id -> found.put(id, m.getOrDefault(id, ONE_PPM)));
        return found;
      });
    return Future.all(priceList, ratioList, loadedMultipliers).map(all -> {
      Map<Long, Long> loaded = all.resultAt(2);
      userRates.putAll(loaded);
      Rates rates = new Rates(all.resultAt(0), all.resultAt(1), userRates);
      if (changes.unchangedSince(began)) { // else what was read may predate the change: it prices this batch only
        prices = rates.prices();
        ratios = rates.ratios();
        multipliers.putAll(loaded);
      }
      List<PricedUsage> out = new ArrayList<>(records.size());
      for (UsageRecord r : records) {
        out.add(priceOne(r, rates));
      }
      return out;
    });
  }

  /** Whether the price list last read has a price for this model (false before the first read). */
  boolean priced(String model) {
    Map<String, ModelPrice> known = prices;
    return model != null && known != null && known.containsKey(model);
  }

  private PricedUsage priceOne(UsageRecord r, Rates rates) {
    if (!Pricing.usedTokens(r.usage()) && r.traffic().units() == 0) {
      return new PricedUsage(r, 0, 0, false);
    }
    ModelPrice price = r.upstreamModel() == null ? null : rates.prices().get(r.upstreamModel());
    if (price == null) {
      price = rates.prices().get(r.model());
    }
    if (price == null) {
      unpriced(r.upstreamModel() == null ? r.model() : r.upstreamModel());
      return new PricedUsage(r, 0, 0, true);
    }
    long multiplier = r.userId() == 0 ? ONE_PPM : rates.multipliers().getOrDefault(r.userId(), ONE_PPM);
    Pricing.Cost cost = Pricing.cost(r.usage(), r.traffic().units(), price,
      rates.ratios().getOrDefault(r.group(), ONE_PPM), multiplier);
    return new PricedUsage(r, cost.baseMicros(), cost.chargedMicros(), false);
  }

  private void unpriced(String model) {
    Counter.builder("sb.usage.unpriced").description("usage rows whose model has no price (cost recorded as 0, flagged)")
      .tag("model", UNPRICED_NAMES.known(model)).register(GatewayMetrics.registry()).increment();
    if (warnedModels.size() < 1000 && warnedModels.add(model)) {
      LOG.warn("model '{}' has no price in model_prices: its usage is recorded with price_missing and cost 0", model);
    }
  }
}
