// What the playground sends in each dialect, and how it reads the answer's text (whole, or event by event).

/** The client port's route and the header the key goes in, as the raw request panel shows them. */
export function route(dialect, model, stream) {
  if (dialect === 'anthropic') return {path: '/v1/messages', header: 'x-api-key'};
  if (dialect === 'responses') return {path: '/v1/responses', header: 'authorization'};
  if (dialect === 'gemini') {
    return {path: `/v1beta/models/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      header: 'x-goog-api-key'};
  }
  return {path: '/v1/chat/completions', header: 'authorization'};
}

/** The request body in the dialect's own format. */
export function body(dialect, {model, system, message, stream, maxTokens, temperature}) {
  if (dialect === 'anthropic') {
    return clean({model, max_tokens: maxTokens || 1024, system: system || undefined, stream,
      temperature, messages: [{role: 'user', content: message}]});
  }
  if (dialect === 'responses') {
    return clean({model, instructions: system || undefined, input: message, stream, max_output_tokens: maxTokens,
      temperature});
  }
  if (dialect === 'gemini') {
    return clean({contents: [{role: 'user', parts: [{text: message}]}],
      systemInstruction: system ? {parts: [{text: system}]} : undefined,
      generationConfig: maxTokens || temperature != null ? clean({maxOutputTokens: maxTokens, temperature}) : undefined});
  }
  const messages = system ? [{role: 'system', content: system}] : [];
  messages.push({role: 'user', content: message});
  return clean({model, messages, stream, max_tokens: maxTokens, temperature});
}

function clean(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** The text an event (or a whole JSON answer) carries; '' when it carries none. */
export function textOf(dialect, json) {
  if (!json || typeof json !== 'object') return '';
  if (json.error) throw new Error(json.error.message || JSON.stringify(json.error));
  if (dialect === 'anthropic') {
    if (json.type === 'content_block_delta' && json.delta && json.delta.type === 'text_delta') return json.delta.text;
    if (Array.isArray(json.content)) return json.content.filter(c => c.type === 'text').map(c => c.text).join('');
    return '';
  }
  if (dialect === 'responses') {
    if (json.type === 'response.output_text.delta') return json.delta || '';
    if (json.type === 'error') throw new Error(json.message || JSON.stringify(json));
    if (json.object === 'response' && Array.isArray(json.output)) {
      return json.output.filter(i => i.type === 'message').flatMap(i => i.content || [])
        .filter(c => c.type === 'output_text').map(c => c.text).join('');
    }
    return '';
  }
  if (dialect === 'gemini') {
    const parts = json.candidates && json.candidates[0] && json.candidates[0].content && json.candidates[0].content.parts;
    return parts ? parts.filter(p => p.text && !p.thought).map(p => p.text).join('') : '';
  }
  const choice = json.choices && json.choices[0];
  if (!choice) return '';
  return (choice.delta && choice.delta.content) || (choice.message && choice.message.content) || '';
}

/** Splits SSE text into complete events' data; answers [datas, rest not yet complete]. */
export function sseEvents(buffer) {
  const datas = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    const data = block.split(/\r?\n/).filter(l => l.startsWith('data:')).map(l => l.slice(5).replace(/^ /, '')).join('\n');
    if (data) datas.push(data);
  }
  return [datas, rest];
}
