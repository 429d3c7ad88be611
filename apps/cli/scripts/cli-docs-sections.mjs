/**
 * The examples of docs/cli.md, in order: prose, then commands whose real output is captured by
 * cli-docs.mjs. `env(servers)` and `setup({ home, mocks, servers })` prepare a run; the fake servers
 * stand in for the vendors where an example needs a key (shown as `OPENAI_API_KEY=sk-...`).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMA = '{"type":"object","properties":{"name":{"type":"string"},"servings":{"type":"integer","minimum":2},"ingredients":{"type":"array","items":{"type":"string"}}},"required":["name","servings","ingredients"]}';

/** Starts a fake vendor server once per page and scripts its next replies. */
async function fake(servers, mocks, vendor, ...scenarios) {
  const start = { openai: mocks.startFakeOpenAIServer, anthropic: mocks.startFakeAnthropicServer }[vendor];
  servers[vendor] ??= await start();
  servers[vendor].reset();
  servers[vendor].enqueue(...scenarios);
}

/** Writes the config file of the page's HOME. */
function writeConfig(home, yaml) {
  mkdirSync(join(home, '.config', 'llm'), { recursive: true });
  writeFileSync(join(home, '.config', 'llm', 'config.yaml'), yaml);
}

const keys = (servers) => ({
  OPENAI_API_KEY: servers.openai.apiKey,
  OPENAI_BASE_URL: servers.openai.baseUrl,
  ...(servers.anthropic ? { ANTHROPIC_API_KEY: servers.anthropic.apiKey, ANTHROPIC_BASE_URL: servers.anthropic.baseUrl } : {}),
});

export const DOC_SECTIONS = [
  {
    text: `# The \`llm\` command

\`llm\` asks any of the five vendors from a terminal, through the framework's whole client stack
(typed errors, retries, fallback, budgets, the cost of every answer). Install it with
\`npm install -g @llm/cli\`, or run it from this repository with \`pnpm llm ...\` (which builds it
first if needed). The reference of every option is [apps/cli/README.md](../apps/cli/README.md).

Every output on this page is real: \`pnpm --filter @llm/cli docs\` runs each command in a fresh
\`HOME\` and writes what it printed (stdout and stderr, in order), and a test checks that the page
is current. Where no key is set the built-in mock answers; where an example needs a vendor, the
fake vendor servers of \`@llm/mocks\` stand in for it (\`OPENAI_API_KEY=sk-... OPENAI_BASE_URL=...\`).

stdout carries only the answer (or the JSON); the lines about the mock, retries, fallback and the
usage-and-cost line are on stderr, so \`llm "..." > answer.txt\` keeps only the answer, and
\`--quiet\` hides them.

## Ask: \`llm [PROMPT]\`

With no key set, the built-in mock answers (a fake OpenAI server on 127.0.0.1, reached by the real
\`openai\` SDK), and stderr says so:
`,
    examples: [
      { args: ['Hello'] },
      {
        args: ['summarise this'],
        input: 'The meeting moved to Thursday at 10.\nBring the Q3 numbers.\n',
        inputShown: 'cat notes.txt',
        after: '\nText piped on stdin comes first, then the words given. `-m` picks a vendor and model (`provider:model`, a bare provider for its default model, or an alias from the config file); `-s` sets the system prompt:\n',
      },
      { args: ['-m', 'anthropic', '-s', 'Answer in French.', 'Good morning'] },
    ],
  },
  {
    text: `
### JSON for scripts

\`--json\` prints one object when the answer is complete: the text, the structured object, usage,
cost, the model asked for and the one that answered, routing after a fallback, and the finish
reason. \`--jsonl\` prints the stream's events as they arrive, one per line:
`,
    examples: [{ args: ['--json', 'What is 2+2?'] }, { args: ['-q', '--jsonl', '--max-tokens', '6', 'Count to three'] }],
  },
  {
    text: `
### Structured output

\`--schema\` takes a JSON Schema (a file, or inline JSON). It is sent to the vendor as it is, the
reply is checked against it, and the checked object is printed (the mock answers with a value
that fits the schema):
`,
    examples: [{ args: ['-q', '--schema', SCHEMA, 'A pancake recipe'] }],
  },
  {
    text: `
### Cut-off answers, cost limits

An answer that stops at the token limit says so on stderr; \`--strict\` makes it exit 9.
\`--max-cost\` refuses a call before it is sent when its worst case (the prompt plus
\`--max-tokens\` at the model's prices) could cost more:
`,
    examples: [
      { args: ['--max-tokens', '8', '--strict', 'Tell me a story'] },
      { args: ['-m', 'openai:gpt-4o', '--max-cost', '0.001', '--max-tokens', '4000', 'Write an essay'] },
    ],
  },
  {
    text: `
## With a key: the vendor, retries and fallback

With a key set, \`llm\` asks the vendor. Here the fake OpenAI server stands in for OpenAI and
answers the first attempt with a 529 "overloaded": the retry is reported on stderr, and the
answer follows:
`,
    examples: [
      {
        setup: ({ servers, mocks }) => fake(servers, mocks, 'openai', { kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'Lisbon is the capital of Portugal.', usage: { inputTokens: 14, outputTokens: 8 } }),
        env: keys,
        envShown: 'OPENAI_API_KEY=sk-... OPENAI_BASE_URL=http://127.0.0.1:PORT/v1',
        args: ['Capital of Portugal?'],
        after: '\n`--fallback MODEL` tries another model when the first fails after its retries; `--json` shows which answered and what failed before it:\n',
      },
      {
        setup: async ({ servers, mocks }) => {
          await fake(servers, mocks, 'openai', { kind: 'error', error: 'overloaded' });
          await fake(servers, mocks, 'anthropic', { kind: 'text', text: 'Lisbon.', usage: { inputTokens: 16, outputTokens: 3 } });
        },
        env: keys,
        envShown: 'OPENAI_API_KEY=sk-... ANTHROPIC_API_KEY=sk-ant-...',
        args: ['--retries', '0', '--fallback', 'anthropic:claude-haiku-4-5', '--json', 'Capital of Portugal?'],
      },
    ],
  },
  {
    text: `
## Chat and sessions

\`llm chat\` is a conversation in the terminal: a line ending in \`\\\` goes on to the next, a
line of \`"""\` opens and closes a block, Up and Down walk the input history (kept in
\`$XDG_STATE_HOME/llm/chat-history\`), Ctrl-C stops an answer, and \`/model\`, \`/cost\`,
\`/save\`, \`/quit\` and \`/help\` are commands. Every prompt and answer is saved as it goes, in an
SQLite file in \`$XDG_DATA_HOME/llm/sessions.db\`. It reads piped input too, one prompt per line:
`,
    examples: [
      {
        args: ['chat', '-s', 'Be brief.'],
        input: 'My name is Ada.\nWho am I?\n/cost\n/save Introductions\n',
        inputShown: "printf 'My name is Ada.\\nWho am I?\\n/cost\\n/save Introductions\\n'",
        after: '\nA one-shot prompt is a session too; `-c` continues the last session and `--session ID` (or a unique prefix of it) a given one, in a one-shot or in `llm chat`. The model, system prompt and turns come back with it:\n',
      },
      { args: ['-c', 'And what is my name backwards?'] },
      { args: ['sessions', 'list'] },
      { args: (id) => ['sessions', 'show', id] },
      { args: (id) => ['sessions', 'rm', id] },
    ],
  },
  {
    text: `
## Models

\`llm models\` lists the catalog (\`@llm/catalog\`: context window, longest answer, prices in USD per
million tokens, capabilities), filtered by provider (\`-p\`), capabilities (\`--capability
tools,vision,json,reasoning,...\`) and words (\`--search\`); \`--json\` gives the records.
\`llm models show\` gives one model's facts and the sources they came from. \`-m\` takes the
catalog's aliases and model ids that only one provider has (\`-m claude-haiku-4-5\`):
`,
    examples: [
      { args: ['models', '-p', 'openai', '--capability', 'tools,vision', '--search', 'gpt-4.1'] },
      { args: ['models', 'show', 'claude-haiku-4-5'] },
      { args: ['models', '--capability', 'telepathy'] },
    ],
  },
  {
    text: `
## The catalog in other formats

\`llm catalog export --format json|yaml|csv|markdown|html|openapi|jsonschema\` writes the catalog
(\`@llm/catalog/export\`): the data formats with every model or only those compared (\`--compare
A,B\`, ids or aliases, in that order), \`openapi\` the document of the catalog's HTTP API and
\`jsonschema\` the schema of one record. \`--template FILE\` renders a Liquid template of your own
instead (sandboxed: no code, no files); \`--out FILE\` writes to a file:
`,
    examples: [
      { args: ['catalog', 'export', '--format', 'markdown', '--compare', 'claude-haiku-4-5,openai:gpt-4o-mini'] },
      {
        setup: ({ home }) => writeFileSync(join(home, 'prices.liquid'), '{% for r in records %}{{ r.id }}: {{ r.prices.input | usd }} in, {{ r.prices.output | usd }} out per million tokens\n{% endfor %}'),
        args: ['catalog', 'export', '--template', 'prices.liquid', '--compare', 'gpt-4o,claude-sonnet-4-5'],
      },
      { args: ['catalog', 'export', '--format', 'csv', '--compare', 'openai:gpt-5-turbo'] },
    ],
  },
  {
    text: `
## Recommend a model

\`llm recommend\` ranks the catalog's models for a task (\`@llm/recommend\`): \`--task\` picks a
profile (chat, code, extraction, long-context, vision, bulk, low-latency: a typical token mix, the
needs and the weights of cost, quality, latency, ...), \`--needs tools,json,vision,...\` adds needs,
\`--max-price\` caps what one call of the token mix may cost (USD), \`-p\` keeps some providers. The
best model's explanation follows the table; \`--json\` gives every criterion of every model and why
each left-out model was:
`,
    examples: [
      { args: ['recommend', '--task', 'extraction', '--needs', 'tools,vision', '-p', 'openai,anthropic,google', '-n', '5'] },
      { args: ['recommend', '--task', 'long-context', '--max-price', '0.01', '-p', 'anthropic'] },
    ],
  },
  {
    text: `
Latency, error rate and throughput are observed, not in the catalog: they come from the calls this
machine made through \`llm\` (its analytics store, last 7 days; \`--since\`, \`--store\`), for models
with at least 20 calls. \`--max-latency\` leaves out a model observed above it; a model with fewer
calls has an unknown latency, not a fast one, and the output says so (\`--require-observed\` leaves
those models out). On this page's machine a few calls were made, too few to count:
`,
    examples: [{ args: ['recommend', '--task', 'low-latency', '--needs', 'tools', '--max-latency', '2s', '-p', 'openai,anthropic', '-n', '4'] }],
  },
  {
    text: `
## Cost

Every call to a vendor or a gateway is one record in \`@llm/analytics\`' store,
\`$XDG_DATA_HOME/llm/analytics.db\` (a SQLite file shared by every \`llm\` process: tokens, cost,
latency, errors, no text; \`--no-save\` answers too, the built-in mock's not; a retried call is
still one record). \`llm cost\` adds them up per day, week or month and model, as a table, CSV or
JSON:
`,
    examples: [
      {
        setup: ({ servers, mocks }) => fake(servers, mocks, 'openai', { kind: 'text', text: 'Madrid.' }),
        env: keys,
        envShown: 'OPENAI_API_KEY=sk-...',
        args: ['-q', '--no-save', 'Capital of Spain?'],
      },
      { args: ['cost'] },
      { args: ['cost', '--period', 'month', '--format', 'csv'] },
    ],
  },
  {
    text: `
## Analytics

\`llm analytics\` reads the same records (latency, time to first chunk, tokens, cost, errors).
\`llm analytics report\` gives per model the calls, error rate, latency and first-chunk percentiles,
throughput, tokens and cost of a window (\`--since 7d\` by default; \`--model\`; \`--format
markdown|json|csv\`), with its trends and anomalies; \`llm analytics trends\` and \`llm analytics
anomalies\` give those alone. \`--store FILE\` reads another store, such as a gateway's. A few calls
are too few to judge; with days of calls the slopes and anomalies appear:
`,
    examples: [{ args: ['analytics', 'trends', '--model', 'openai:gpt-4o-mini'] }, { args: ['analytics', 'anomalies'] }],
  },
  {
    text: `
## Health

\`llm health\` probes every provider with a key at once (listing models: no tokens spent) and
shows its latency and circuit. The circuit state is shared by every \`llm\` process on the machine
(in \`$XDG_STATE_HOME/llm/circuits.db\`): here five calls failed with "overloaded", so the circuit
of \`openai:gpt-4o-mini\` is open, the next call fails fast without reaching the vendor, and
\`llm health\` exits 10:
`,
    examples: [
      {
        setup: async ({ home, servers, mocks }) => {
          // The examples above left failures in the circuits: this section starts from none.
          rmSync(join(home, '.local', 'state', 'llm'), { recursive: true, force: true });
          await fake(servers, mocks, 'anthropic');
          await fake(servers, mocks, 'openai');
        },
        env: keys,
        envShown: 'OPENAI_API_KEY=sk-... ANTHROPIC_API_KEY=sk-ant-...',
        args: ['health'],
      },
      {
        setup: async ({ servers, mocks, run }) => {
          await fake(servers, mocks, 'openai', ...Array.from({ length: 5 }, () => ({ kind: 'error', error: 'overloaded' })));
          for (let i = 0; i < 5; i++) await run(['-q', '--retries', '0', 'Hi'], keys(servers));
        },
        env: keys,
        envShown: 'OPENAI_API_KEY=sk-... ANTHROPIC_API_KEY=sk-ant-...',
        args: ['--retries', '0', 'Hi'],
      },
      { env: keys, envShown: 'OPENAI_API_KEY=sk-... ANTHROPIC_API_KEY=sk-ant-...', args: ['health'] },
      { env: keys, envShown: 'OPENAI_API_KEY=sk-... ANTHROPIC_API_KEY=sk-ant-...', args: ['health', '--json'] },
    ],
  },
  {
    text: `
## Through a gateway

\`--gateway URL\` (or \`LLM_GATEWAY_URL\`) sends the calls to an \`llm-gateway\` instead of the
vendors: this machine needs no vendor key, the gateway's reported cost is the call's cost, and
\`llm health\` shows the gateway's view of its vendors. Here the gateway runs with the fake
vendor servers behind it (\`llm-gateway --host 127.0.0.1 --port 8080\`, keys in its environment):
`,
    examples: [
      {
        setup: async ({ servers, mocks, gateway }) => {
          await fake(servers, mocks, 'openai');
          await fake(servers, mocks, 'anthropic', { kind: 'text', text: 'Hello from Claude, through the gateway.', usage: { inputTokens: 9, outputTokens: 8 } });
          await gateway(keys(servers));
        },
        args: (_, state) => ['--gateway', state.gatewayUrl, '-m', 'anthropic:claude-haiku-4-5', 'Hi'],
        show: 'llm --gateway http://127.0.0.1:8080 -m anthropic:claude-haiku-4-5 Hi',
      },
      { args: (_, state) => ['--gateway', state.gatewayUrl, 'health'], show: 'llm --gateway http://127.0.0.1:8080 health' },
    ],
  },
  {
    text: `
## Config

\`llm config\` shows the settings in force and where each comes from; keys are never printed,
only where they are set. \`llm config validate\` checks the config file and the \`LLM_*\`
variables and names every problem:
`,
    examples: [
      {
        setup: ({ home }) => writeConfig(home, 'model: fast\naliases:\n  fast: groq:llama-3.1-8b-instant\n  smart: openai:gpt-4o\nclient:\n  timeout: 45s\n  retry: { maxRetries: 3 }\n'),
        env: { OPENAI_API_KEY: 'sk-not-shown-0000000000', LLM_MAX_COST_PER_REQUEST: '0.05' },
        envShown: 'OPENAI_API_KEY=sk-... LLM_MAX_COST_PER_REQUEST=0.05',
        args: ['config', 'show'],
      },
      { args: ['config', 'path'] },
      { args: ['config', 'validate'] },
      {
        setup: ({ home }) => writeConfig(home, 'model: acme:big\naliases:\n  fast: groq\n  typo: gpt4\nclient:\n  timeout: soon\n  retry: { maxRetries: -1 }\n'),
        args: ['config', 'validate'],
        after: '\nThe file itself: unknown fields are refused by name too (`llm "Hi"` with `modle:` in it says `Unrecognized key: "modle"`, exit 3).\n',
      },
    ],
  },
  {
    text: `
## Errors and exit codes

Every error is one line on stderr with its code and a hint, and an exit code per error code (the
table is in [apps/cli/README.md](../apps/cli/README.md#exit-codes)); \`--debug\` adds the stack:
`,
    examples: [
      { args: ['-m', 'acme:model-1', 'Hi'] },
      { args: ['--temperature', 'hot', 'Hi'] },
      {
        setup: ({ servers, mocks }) => fake(servers, mocks, 'openai'),
        env: (servers) => ({ OPENAI_API_KEY: 'sk-not-a-real-key-0000', OPENAI_BASE_URL: servers.openai.baseUrl }),
        envShown: 'OPENAI_API_KEY=sk-not-a-real-key-0000',
        args: ['Hi'],
      },
    ],
  },
  {
    text: `
## Help
`,
    examples: [{ args: ['--help'] }],
  },
];
