package io.switchboard.store;

import java.util.List;

/** A client key row: never the key itself, only its hash and display prefix. */
public record ApiKey(long id, String name, String displayPrefix, List<String> models, boolean enabled) {
}
