// Builds DOM nodes. Every string becomes a text node or an attribute value: nothing is ever parsed as HTML.

/** h('button', {class: 'primary', onclick: fn}, 'Save') — props: class, dataset, on<event>, DOM properties, attributes. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (['value', 'checked', 'selected', 'disabled', 'textContent'].includes(name)) el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends nodes and strings (as text); null, undefined and false are skipped, arrays flattened. */
export function append(el, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A labelled list of options for a <select>: [value, label] pairs or plain values. */
export function options(list, selected) {
  return list.map(item => {
    const [value, label] = Array.isArray(item) ? item : [item, item];
    return h('option', {value, selected: String(value) === String(selected ?? '')}, label);
  });
}

/** Saves text as a file the browser downloads. */
export function download(filename, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = h('a', {href: url, download: filename});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
