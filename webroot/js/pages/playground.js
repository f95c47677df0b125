// Playground: a key, a model and a dialect; the request goes through the client port (relayed by the admin port,
// another origin) and its stream shows as it arrives. The key stays in this page's memory: never stored anywhere.
import {append, h, options, replace} from '../dom.js';
import {duration, t} from '../i18n.js';
import {send} from '../api.js';
import {button, field, input, section} from '../ui.js';
import {body, route, sseEvents, textOf} from './playground-dialects.js';

const DIALECTS = ['openai', 'responses', 'anthropic', 'gemini'];

export async function render(el, params, search, session) {
  const key = input({type: 'password', autocomplete: 'off', placeholder: 'sb-…', dataset: {field: 'key'}});
  const dialect = h('select', {dataset: {field: 'dialect'}}, options(DIALECTS.map(d => [d, t(`playground.dialect.${d}`)]), 'openai'));
  const model = input({value: 'gpt-4o-mini', list: 'playground-models', dataset: {field: 'model'}});
  const models = h('datalist', {id: 'playground-models'});
  const system = h('textarea', {rows: 2, placeholder: t('playground.systemHint')});
  const message = h('textarea', {rows: 4, dataset: {field: 'message'}}, t('playground.defaultMessage'));
  const stream = h('input', {type: 'checkbox', checked: true});
  const maxTokens = input({type: 'number', min: 1, placeholder: '1024'});
  const temperature = input({type: 'number', min: 0, max: 2, step: 0.1});
  const answer = h('div', {class: 'answer', dataset: {answer: '', state: 'idle'}});
  const status = h('span', {class: 'muted', dataset: {playground: 'status'}});
  const rawRequest = h('pre', {class: 'raw', dataset: {raw: 'request'}});
  const rawResponse = h('pre', {class: 'raw', dataset: {raw: 'response'}});
  let controller = null;
  const sendButton = button(t('playground.send'), () => run(), 'primary', {dataset: {action: 'send'}});
  const stopButton = button(t('playground.stop'), () => controller && controller.abort(), '', {disabled: true});

  const loadModels = async () => {
    if (!key.value) return;
    const response = await send('GET', `/admin/playground/${dialect.value}/models`, undefined,
      {headers: {'x-playground-key': key.value}, anyStatus: true});
    const json = await response.json().catch(() => ({}));
    const ids = (json.data || json.models || []).map(m => m.id || (m.name || '').replace(/^models\//, ''));
    replace(models, ids.map(id => h('option', {value: id})));
  };

  async function run() {
    const d = dialect.value;
    const wantStream = stream.checked;
    const payload = body(d, {model: model.value.trim(), system: system.value.trim(), message: message.value,
      stream: wantStream, maxTokens: Number(maxTokens.value) || null,
      temperature: temperature.value === '' ? null : Number(temperature.value)});
    const target = route(d, model.value.trim(), wantStream);
    const shownKey = `${key.value.slice(0, 6)}…`;
    replace(rawRequest, `POST ${session.settings.clientUrl}${target.path}\n`
      + `${target.header}: ${target.header === 'authorization' ? `Bearer ${shownKey}` : shownKey}\n`
      + 'content-type: application/json\n\n' + JSON.stringify(payload, null, 2));
    replace(rawResponse);
    replace(answer);
    answer.dataset.state = 'streaming';
    answer.classList.add('streaming');
    sendButton.disabled = true;
    stopButton.disabled = false;
    controller = new AbortController();
    const started = performance.now();
    replace(status, t('playground.waiting'));
    try {
      const q = d === 'gemini' ? `?model=${encodeURIComponent(model.value.trim())}&stream=${wantStream}` : '';
      const response = await send('POST', `/admin/playground/${d}${q}`, JSON.stringify(payload),
        {headers: {'x-playground-key': key.value}, signal: controller.signal, anyStatus: true});
      const headers = [...response.headers].filter(([n]) => !['cache-control', 'content-encoding'].includes(n))
        .map(([n, v]) => `${n}: ${v}`).join('\n');
      rawResponse.append(`HTTP ${response.status}\n${headers}\n\n`);
      replace(status, t('playground.firstByte', {ms: duration(Math.round(performance.now() - started))}));
      await read(response, d, wantStream && response.ok);
      answer.dataset.state = response.ok ? 'done' : 'error';
      replace(status, t(response.ok ? 'playground.done' : 'playground.failed',
        {status: response.status, ms: duration(Math.round(performance.now() - started))}));
    } catch (e) {
      answer.dataset.state = 'error';
      replace(status, h('span', {class: 'form-error'}, e.name === 'AbortError' ? t('playground.stopped') : e.message));
    } finally {
      answer.classList.remove('streaming');
      sendButton.disabled = false;
      stopButton.disabled = true;
      controller = null;
    }
  }

  /** Appends the raw bytes as they come; the answer's text event by event (or at the end when not streamed). */
  async function read(response, d, streamed) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let whole = '';
    let pending = '';
    for (;;) {
      const {done, value} = await reader.read();
      const chunk = decoder.decode(value || new Uint8Array(), {stream: !done});
      rawResponse.append(chunk);
      rawResponse.scrollTop = rawResponse.scrollHeight;
      whole += chunk;
      if (streamed) {
        const [datas, rest] = sseEvents(pending + chunk);
        pending = rest;
        for (const data of datas) {
          if (data === '[DONE]') continue;
          answer.append(textOf(d, JSON.parse(data)));
        }
      }
      if (done) break;
    }
    if (!streamed) {
      try {
        answer.append(textOf(d, JSON.parse(whole)));
      } catch (e) {
        answer.append(e.message);
      }
    }
  }

  key.addEventListener('change', () => loadModels().catch(() => {}));
  dialect.addEventListener('change', () => loadModels().catch(() => {}));
  append(el, h('div', {class: 'page-head'}, h('h1', null, t('nav.playground'))),
    h('p', {class: 'muted'}, t('playground.help', {url: session.settings.clientUrl})),
    h('div', {class: 'play'},
      section(null, field(t('playground.key'), key, {hint: t('playground.keyHint')}),
        field(t('playground.dialect'), dialect), field(t('usage.model'), model), models,
        field(t('playground.system'), system), field(t('playground.message'), message),
        h('div', {class: 'form-grid'}, field(t('playground.maxTokens'), maxTokens),
          field(t('playground.temperature'), temperature)),
        field(t('playground.stream'), stream, {class: 'check'}),
        h('div', {class: 'btn-group'}, sendButton, stopButton)),
      h('div', {class: 'page'},
        section(t('playground.answer'), answer, status),
        section(t('playground.rawRequest'), rawRequest),
        section(t('playground.rawResponse'), rawResponse))));
}
