// Official SDKs against Switchboard: every client dialect x every upstream kind; text, stream, tools, errors.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
const KEY = 'sb-sdk-key-0123456789abc', BASE = 'http://127.0.0.1:8080';
const MODELS = ['gpt-4o-mini', 'claude-bench-1', 'gemini-2.0-flash'];
const results = []; let failed = 0;
const check = async (name, fn) => { try { const d = await fn(); results.push(`ok   ${name}${d ? ' — ' + d : ''}`); }
  catch (e) { failed++; results.push(`FAIL ${name}: ${e?.constructor?.name} ${e?.status ?? ''} ${String(e?.message).slice(0, 200)}`); } };
const must = (c, m) => { if (!c) throw new Error(m); };
const weather = { name: 'get_weather', description: 'Weather in a city', params: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

const oai = new OpenAI({ apiKey: KEY, baseURL: BASE + '/v1', maxRetries: 0 });
const ant = new Anthropic({ apiKey: KEY, baseURL: BASE, maxRetries: 0 });
const gem = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: BASE } });

for (const model of MODELS) {
  await check(`openai   -> ${model} text`, async () => { const r = await oai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
    must(r.choices[0].message.content.length > 0, 'no text'); must(r.usage.total_tokens > 0, 'no usage'); return `${r.usage.prompt_tokens}+${r.usage.completion_tokens} tokens`; });
  await check(`openai   -> ${model} stream`, async () => { const s = await oai.chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    let text = '', usage; for await (const c of s) { text += c.choices[0]?.delta?.content ?? ''; if (c.usage) usage = c.usage; } must(text.length > 0, 'no text'); must(usage?.completion_tokens > 0, 'no usage'); return `${text.length} chars, usage ${usage.completion_tokens}`; });
  await check(`openai   -> ${model} tool`, async () => { const r = await oai.chat.completions.create({ model, messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [{ type: 'function', function: { name: weather.name, description: weather.description, parameters: weather.params } }] });
    const call = r.choices[0].message.tool_calls?.[0]; must(call?.function?.name === 'get_weather', 'no tool call'); JSON.parse(call.function.arguments); must(r.choices[0].finish_reason === 'tool_calls', 'finish ' + r.choices[0].finish_reason); return call.function.arguments; });
  await check(`openai   -> ${model} tool stream`, async () => { const s = await oai.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'weather?' }], tools: [{ type: 'function', function: { name: weather.name, parameters: weather.params } }] });
    let args = '', name; for await (const c of s) { const t = c.choices[0]?.delta?.tool_calls?.[0]; if (t?.function?.name) name = t.function.name; args += t?.function?.arguments ?? ''; } must(name === 'get_weather', 'no tool'); JSON.parse(args); return args; });
  await check(`anthropic-> ${model} text`, async () => { const r = await ant.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    must(r.content[0].type === 'text' && r.content[0].text.length > 0, 'no text'); must(r.usage.output_tokens > 0, 'no usage'); return `${r.usage.input_tokens}+${r.usage.output_tokens} tokens`; });
  await check(`anthropic-> ${model} stream`, async () => { const s = ant.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    let text = ''; s.on('text', t => text += t); const final = await s.finalMessage(); must(text.length > 0, 'no text'); must(final.usage.output_tokens > 0, 'no usage'); return `${text.length} chars, ${final.stop_reason}, usage ${final.usage.output_tokens}`; });
  await check(`anthropic-> ${model} tool`, async () => { const r = await ant.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'weather?' }], tools: [{ name: weather.name, description: weather.description, input_schema: weather.params }] });
    const t = r.content.find(b => b.type === 'tool_use'); must(t?.name === 'get_weather', 'no tool_use'); must(r.stop_reason === 'tool_use', 'stop ' + r.stop_reason); return JSON.stringify(t.input); });
  await check(`anthropic-> ${model} tool stream`, async () => { const s = ant.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'weather?' }], tools: [{ name: weather.name, input_schema: weather.params }] });
    const final = await s.finalMessage(); const t = final.content.find(b => b.type === 'tool_use'); must(t?.name === 'get_weather', 'no tool_use'); return JSON.stringify(t.input); });
  await check(`responses-> ${model} text`, async () => { const r = await oai.responses.create({ model, input: 'hi' });
    must(r.output_text.length > 0, 'no text'); must(r.usage.total_tokens > 0, 'no usage'); return `${r.usage.input_tokens}+${r.usage.output_tokens} tokens`; });
  await check(`responses-> ${model} stream`, async () => { const s = oai.responses.stream({ model, input: 'hi' }); let text = '';
    s.on('response.output_text.delta', e => text += e.delta); const final = await s.finalResponse(); must(text.length > 0 && text === final.output_text, 'no text'); return `${text.length} chars, usage ${final.usage.output_tokens}`; });
  await check(`responses-> ${model} tool`, async () => { const r = await oai.responses.create({ model, input: 'weather in Paris?', tools: [{ type: 'function', name: weather.name, description: weather.description, parameters: weather.params, strict: false }] });
    const call = r.output.find(i => i.type === 'function_call'); must(call?.name === 'get_weather', 'no function_call'); JSON.parse(call.arguments); return call.arguments; });
  await check(`gemini   -> ${model} text`, async () => { const r = await gem.models.generateContent({ model, contents: 'hi' });
    must(r.text?.length > 0, 'no text'); must(r.usageMetadata?.totalTokenCount > 0, 'no usage'); return `${r.usageMetadata.promptTokenCount}+${r.usageMetadata.candidatesTokenCount} tokens`; });
  await check(`gemini   -> ${model} stream`, async () => { const s = await gem.models.generateContentStream({ model, contents: 'hi' }); let text = '', usage;
    for await (const c of s) { text += c.text ?? ''; if (c.usageMetadata) usage = c.usageMetadata; } must(text.length > 0, 'no text'); must(usage?.totalTokenCount > 0, 'no usage'); return `${text.length} chars, usage ${usage.candidatesTokenCount}`; });
  await check(`gemini   -> ${model} tool`, async () => { const r = await gem.models.generateContent({ model, contents: 'weather?', config: { tools: [{ functionDeclarations: [{ name: weather.name, description: weather.description, parameters: weather.params }] }] } });
    must(r.functionCalls?.[0]?.name === 'get_weather', 'no functionCall'); return JSON.stringify(r.functionCalls[0].args); });
}
await check('openai    429 -> RateLimitError', async () => { try { await oai.chat.completions.create({ model: 'fail-429', messages: [{ role: 'user', content: 'x' }] }); throw new Error('no error'); }
  catch (e) { must(e instanceof OpenAI.RateLimitError, 'got ' + e.constructor.name); return e.constructor.name; } });
await check('anthropic 529 -> OverloadedError', async () => { try { await ant.messages.create({ model: 'fail-529', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }); throw new Error('no error'); }
  catch (e) { must(e?.constructor?.name === 'OverloadedError' || e.status === 529, 'got ' + e.constructor.name + ' ' + e.status); return e.constructor.name + ' ' + e.status; } });
await check('anthropic 429 -> RateLimitError', async () => { try { await ant.messages.create({ model: 'fail-429', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }); throw new Error('no error'); }
  catch (e) { must(e instanceof Anthropic.RateLimitError, 'got ' + e.constructor.name); return e.constructor.name; } });
await check('openai    401 -> AuthenticationError', async () => { try { await new OpenAI({ apiKey: 'sb-wrong-key-000000000', baseURL: BASE + '/v1', maxRetries: 0 }).models.list(); throw new Error('no error'); }
  catch (e) { must(e instanceof OpenAI.AuthenticationError, 'got ' + e.constructor.name); return e.constructor.name; } });
await check('anthropic models.list', async () => { const page = await ant.models.list(); return page.data.map(m => m.id).join(','); });
await check('openai    models.list', async () => { const page = await oai.models.list(); return page.data.map(m => m.id).join(','); });
console.log(results.join('\n')); console.log(`\n${results.length - failed} passed, ${failed} failed`);
