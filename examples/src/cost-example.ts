/**
 * Cost and budgets, offline, against the fake OpenAI server from @llm/mocks (the real openai SDK
 * over HTTP on 127.0.0.1): count a prompt and price its worst case before sending it, let every
 * reply carry `usage.cost`, refuse a call over `maxCostPerRequest` without reaching the server,
 * keep a $0.01 daily budget per user with alerts at 50% and 80%, and export the cost report as CSV.
 *
 * Run: `npx tsx examples/src/cost-example.ts` (or through its test).
 */
import { costReportToCsv, withBudgetAlerts, type BudgetAlert } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { startFakeOpenAIServer } from '@llm/mocks';
import { createOpenAI } from '@llm/openai';

export interface CostExampleResult {
  promptTokens: number;
  worstCaseUsd: number | undefined;
  firstCostUsd: number | undefined;
  refusedPerRequest: boolean;
  aliceRefusedAfter: number;
  alerts: BudgetAlert[];
  csv: string;
}

export async function runCostExample(log: (line: string) => void = console.log): Promise<CostExampleResult> {
  const server = await startFakeOpenAIServer();
  const alerts: BudgetAlert[] = [];
  try {
    const client = createOpenAI(
      {
        apiKey: server.apiKey,
        baseUrl: server.baseUrl,
        model: 'gpt-4o-mini',
        logging: { level: 'silent' },
        cost: { maxCostPerRequest: 0.005, maxBudget: 0.01, budgetPeriod: 'day', budgetTag: 'user', alertThresholds: [0.5, 0.8, 1] },
      },
      withBudgetAlerts((alert) => {
        alerts.push(alert);
        log(`ALERT ${alert.scope}: ${alert.threshold * 100}% of $${alert.limitUsd} (spent $${alert.spentUsd.toFixed(4)})${alert.refused ? ', a call was refused' : ''}`);
      }),
    );

    const ask = { messages: [{ role: 'user' as const, content: 'Summarise the quarterly report in three bullet points. 📈' }], maxTokens: 500, tags: { user: 'alice' } };
    const estimate = await client.estimateCost(ask);
    log(`prompt: ${estimate.inputTokens} tokens (${estimate.inputTokensSource}); worst case $${estimate.worstCaseUsd?.toFixed(6)}`);

    // Each reply: 10k prompt tokens (half of them from the prompt cache) and 500 written.
    const usage = { inputTokens: 10_000, cachedInputTokens: 5_000, outputTokens: 500 };
    server.enqueue({ kind: 'text', text: '• Revenue up\n• Costs flat\n• Outlook good', usage });
    const first = await client.chat(ask);
    log(`first reply cost $${first.usage.cost?.totalUsd.toFixed(6)} (${JSON.stringify(first.usage.cost)})`);

    let refusedPerRequest = false;
    try {
      await client.chat({ ...ask, maxTokens: 50_000 });
    } catch (err) {
      refusedPerRequest = isLLMError(err) && err.code === 'cost_exceeded';
      log(`refused before sending: ${isLLMError(err) ? err.message : String(err)}`);
    }

    let aliceRefusedAfter = 0;
    for (let i = 0; i < 20; i++) {
      server.enqueue({ kind: 'text', text: 'ok', usage });
      try {
        await client.chat(ask);
        aliceRefusedAfter++;
      } catch (err) {
        if (!isLLMError(err) || err.code !== 'cost_exceeded') throw err;
        log(`alice's budget is used up after ${aliceRefusedAfter + 1} calls`);
        break;
      }
    }
    server.enqueue({ kind: 'text', text: 'ok', usage });
    await client.chat({ ...ask, tags: { user: 'bob' } });
    log('bob still has his own budget');

    const csv = costReportToCsv(client.getCostReport());
    log(csv);
    return { promptTokens: estimate.inputTokens, worstCaseUsd: estimate.worstCaseUsd, firstCostUsd: first.usage.cost?.totalUsd, refusedPerRequest, aliceRefusedAfter, alerts, csv };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void runCostExample();
