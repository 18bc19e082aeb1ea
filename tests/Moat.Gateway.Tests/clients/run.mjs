// Drives the official SDKs through the gateway for Moat.Gateway.Tests.
// Usage: node run.mjs SCENARIO[,SCENARIO...]   (env: GATEWAY_URL, API_KEY)
// Prints one JSON object per scenario on stdout: what the SDK returned, or the error it raised.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const base = process.env.GATEWAY_URL;
const apiKey = process.env.API_KEY;
const prompt = process.env.PROMPT ?? 'Say hello';
// FAKE_THINK makes the tests' fake upstream return reasoning even when the request does not ask for it.
const defaultHeaders = process.env.FAKE_THINK === '1' ? { 'x-fake-think': '1' } : {};
// No retries: a 429 must surface to the test, not be retried away.
const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey, maxRetries: 0, timeout: 15000, defaultHeaders });
const anthropic = new Anthropic({ baseURL: base, apiKey, maxRetries: 0, timeout: 15000, defaultHeaders });

const scenarios = {
  async 'openai-json'() {
    const r = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: prompt }] });
    return { text: r.choices[0].message.content, finish: r.choices[0].finish_reason, usage: r.usage };
  },
  async 'openai-stream'() {
    const stream = await openai.chat.completions.create({
      model: 'fake-model', stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: prompt }],
    });
    let text = '', chunks = 0, usage = null, finish = null;
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        text += c.delta?.content ?? '';
        if (c.finish_reason) finish = c.finish_reason;
      }
    }
    return { text, chunks, finish, usage };
  },
  async 'openai-models'() {
    const page = await openai.models.list();
    return { ids: page.data.map(m => m.id) };
  },
  async 'anthropic-json'() {
    const r = await anthropic.messages.create({ model: 'fake-claude', max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
    return { text: r.content.filter(b => b.type === 'text').map(b => b.text).join(''), types: r.content.map(b => b.type), finish: r.stop_reason, usage: r.usage };
  },
  async 'anthropic-stream'() {
    const thinking = process.env.THINKING === '1';
    const stream = anthropic.messages.stream({
      model: 'fake-claude', max_tokens: 2048, messages: [{ role: 'user', content: prompt }],
      ...(thinking ? { thinking: { type: 'enabled', budget_tokens: 1024 } } : {}),
    });
    let deltas = 0;
    stream.on('text', () => { deltas++; });
    const m = await stream.finalMessage();
    return { text: m.content.filter(b => b.type === 'text').map(b => b.text).join(''), types: m.content.map(b => b.type), deltas, finish: m.stop_reason, usage: m.usage };
  },
};

// Several scenarios may run in one process (comma-separated), one JSON line each, in order: starting
// node and loading the SDKs is most of a scenario's cost.
for (const name of process.argv[2].split(',')) {
  try {
    const result = await scenarios[name]();
    console.log(JSON.stringify({ scenario: name, ok: true, ...result }));
  } catch (e) {
    // Both SDKs raise APIError subclasses carrying the HTTP status and the parsed error body.
    console.log(JSON.stringify({ scenario: name, ok: false, name: e?.constructor?.name, status: e?.status ?? null, error: e?.error ?? null, message: String(e?.message ?? e), retryAfter: e?.headers?.get?.('retry-after') ?? e?.headers?.['retry-after'] ?? null }));
  }
}
