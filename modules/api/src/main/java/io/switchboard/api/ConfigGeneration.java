package io.switchboard.api;

/**
 * Counts the {@link ConfigChanged} announcements a cache has heard, so that a lookup that began before the latest one
 * is not kept: what it read may predate the change, and the announcement that would have dropped it has passed.
 * Used on one verticle's context only.
 */
public final class ConfigGeneration {
  private long generation;

  /** The generation a lookup begins in; pass it to {@link #unchangedSince} when the lookup completes. */
  public long current() {
    return generation;
  }

  /** A change was announced: lookups begun before it must not fill the cache. */
  public void advance() {
    generation++;
  }

  /** Whether no change was announced since {@code seen}: only then may a lookup's result be cached. */
  public boolean unchangedSince(long seen) {
    return generation == seen;
  }
}
