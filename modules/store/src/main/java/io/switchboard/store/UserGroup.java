package io.switchboard.store;

/** A user group: its price ratio in parts per million, its scheduling strategy and a description. */
public record UserGroup(String name, long ratioPpm, String strategy, String description) {
}
