// Moving between pages: the hash names the page; the router listens for hash changes.

/** Opens a page, or draws the current one again when it is already open. */
export function go(hash) {
  if (location.hash === hash) reload();
  else location.hash = hash;
}

/** Draws the current page again (after a change its data shows). */
export function reload() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
