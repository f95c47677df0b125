// The official OpenAI SDK's Responses API against a running Switchboard: create and stream, text or a tool call; in
// text mode also a stored response retrieved, its input items listed, continued with previous_response_id, deleted.
// SB_BASE=http://127.0.0.1:8080/v1 SB_KEY=... node responses.mjs text|tool MODEL... (exit code 1 when a check fails)
import OpenAI from 'openai';

const [mode, ...models] = process.argv.slice(2);
const client = new OpenAI({ apiKey: process.env.SB_KEY, baseURL: process.env.SB_BASE, maxRetries: 0 });
const results = []; let failed = 0;
const check = async (name, fn) => { try { const d = await fn(); results.push(`ok   ${name}${d ? ' — ' + d : ''}`); }
  catch (e) { failed++; results.push(`FAIL ${name}: ${e?.constructor?.name} ${e?.status ?? ''} ${String(e?.message).slice(0, 300)}`); } };
const must = (c, m) => { if (!c) throw new Error(m); };
const tools = [{ type: 'function', name: 'get_weather', description: 'Weather in a city', strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
const callOf = (response) => response.output.find((item) => item.type === 'function_call');

for (const model of models) {
  if (mode === 'text') {
    await check(`${model} create, retrieve, input items, continue, delete`, async () => {
      const r = await client.responses.create({ model, instructions: 'Be brief.', input: 'hi' });
      must(r.status === 'completed' && r.output_text.length > 0, 'no text: ' + JSON.stringify(r.output));
      must(r.usage.total_tokens === r.usage.input_tokens + r.usage.output_tokens, 'usage ' + JSON.stringify(r.usage));
      const got = await client.responses.retrieve(r.id);
      must(got.id === r.id && got.output_text === r.output_text, 'retrieved another response');
      const items = await client.responses.inputItems.list(r.id);
      must(items.data.length === 1 && items.data[0].type === 'message', 'input items ' + JSON.stringify(items.data));
      const next = await client.responses.create({ model, input: 'again', previous_response_id: r.id });
      must(next.output_text.length > 0 && next.id !== r.id, 'no continuation');
      const deleted = await client.responses.delete(r.id);
      try { await client.responses.retrieve(r.id); throw new Error('still there after ' + JSON.stringify(deleted)); }
      catch (e) { must(e instanceof OpenAI.NotFoundError, 'got ' + e?.constructor?.name + ' ' + e?.message); }
      return `${r.id}: ${r.usage.input_tokens}+${r.usage.output_tokens} tokens`;
    });
    await check(`${model} stream`, async () => {
      let deltas = ''; const types = new Set();
      const stream = client.responses.stream({ model, input: 'hi' });
      stream.on('event', (e) => types.add(e.type));
      stream.on('response.output_text.delta', (e) => { deltas += e.delta; });
      const final = await stream.finalResponse();
      must(deltas.length > 0 && deltas === final.output_text, `deltas "${deltas}" vs "${final.output_text}"`);
      must(types.has('response.created') && types.has('response.completed'), 'events ' + [...types]);
      must(final.usage.output_tokens > 0, 'no usage');
      return `${deltas.length} chars, ${types.size} event types`;
    });
  } else {
    await check(`${model} tool call`, async () => {
      const r = await client.responses.create({ model, input: 'Weather in Paris?', tools });
      const call = callOf(r); must(call?.name === 'get_weather', 'no call: ' + JSON.stringify(r.output));
      return JSON.stringify(JSON.parse(call.arguments));
    });
    await check(`${model} tool call stream`, async () => {
      let args = '';
      const stream = client.responses.stream({ model, input: 'Weather in Paris?', tools });
      stream.on('response.function_call_arguments.delta', (e) => { args += e.delta; });
      const final = await stream.finalResponse();
      const call = callOf(final); must(call?.name === 'get_weather', 'no call: ' + JSON.stringify(final.output));
      must(args === call.arguments, `streamed "${args}" vs "${call.arguments}"`);
      return call.arguments;
    });
  }
}
console.log(results.join('\n'));
process.exitCode = failed ? 1 : 0;
