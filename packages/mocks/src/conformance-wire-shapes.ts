import { toAssistantMessage } from '@llm/core';
import { defineTool } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConformanceHarness } from './conformance-harness.js';

export interface WireShapeOptions {
  /** The vendor sends reasoning text (false for OpenAI's Chat Completions, which reports only reasoning tokens). */
  reasoningText?: boolean;
  /** The vendor can stop in the middle of a tool call's arguments at the length limit (false for Gemini, which sends each call whole). */
  cutsToolCalls?: boolean;
}

const refresh = defineTool({ name: 'refresh_issues', description: 'Refresh the issue list', parameters: z.object({}) });
const topic = defineTool({ name: 'generate_topic', description: 'A topic to write about', parameters: z.object({ area: z.string() }) });

/**
 * Shapes every vendor's real replies take that the basic suite does not reach, run the same way
 * for every provider: a tool called without arguments, parallel calls of one tool without ids
 * (answered one for one), and thinking beside tool calls with its tokens counted.
 */
export function describeWireShapes(harness: () => ConformanceHarness, options: WireShapeOptions = {}): void {
  const reasoningText = options.reasoningText ?? true;
  const cutsToolCalls = options.cutsToolCalls ?? true;

  describe('wire shapes', () => {
    it('a tool called without arguments, in chat and in a stream', async () => {
      const h = harness();
      for (const streamed of [false, true]) {
        h.target.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_noargs', name: 'refresh_issues', arguments: {} }] });
        const request = { messages: [{ role: 'user' as const, content: 'Refresh the issues' }], tools: [refresh] };
        const model = h.createModel();
        const r = streamed ? await model.streamChat(request).response : await model.chat(request);
        expect(r.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }))).toEqual([{ id: 'call_noargs', name: 'refresh_issues', arguments: {} }]);
        expect(r.finishReason).toBe('tool_calls');
      }
    });

    it('parallel calls of one tool without ids get distinct ids, and their results go back one for one', async () => {
      const h = harness();
      const model = h.createModel();
      const ask = { role: 'user' as const, content: 'Three topics, please.' };
      for (const streamed of [false, true]) {
        h.target.enqueue({ kind: 'tool-calls', calls: ['art', 'sport', 'food'].map((area) => ({ name: 'generate_topic', arguments: { area } })) });
        const r = streamed ? await model.streamChat({ messages: [ask], tools: [topic] }).response : await model.chat({ messages: [ask], tools: [topic] });
        expect(r.toolCalls.map((c) => c.arguments)).toEqual([{ area: 'art' }, { area: 'sport' }, { area: 'food' }]);
        expect(new Set(r.toolCalls.map((c) => c.id)).size).toBe(3);
        h.target.enqueue({ kind: 'text', text: 'Three topics.' });
        const results = r.toolCalls.map((c) => ({ role: 'tool' as const, toolCallId: c.id, name: c.name, content: `a topic about ${String(c.arguments.area)}` }));
        const answer = await model.chat({ messages: [ask, toAssistantMessage(r), ...results], tools: [topic] });
        expect(answer.text).toBe('Three topics.');
        expect(h.target.lastRequest().toolResults.map((t) => t.content)).toEqual(['a topic about art', 'a topic about sport', 'a topic about food']);
      }
    });

    // Left out (not skipped) for a vendor that sends each call whole.
    if (cutsToolCalls) it('a stream cut by the length limit in a tool call: finish length, the text and usage kept, the call marked incomplete and never run', async () => {
      const h = harness();
      h.target.enqueue({
        kind: 'tool-calls',
        text: 'Let me check the topic.',
        calls: [{ id: 'call_cut', name: 'generate_topic', arguments: { area: 'a long description of the area that the limit cuts off' } }],
        finishReason: 'length',
        usage: { inputTokens: 30, outputTokens: 16 },
      });
      const stream = h.createModel().streamChat({ messages: [{ role: 'user', content: 'One topic.' }], tools: [topic] });
      const kinds: string[] = [];
      for await (const event of stream) kinds.push(event.type);
      const r = await stream.response;
      expect(r.finishReason).toBe('length');
      expect(r.text).toBe('Let me check the topic.');
      expect(r.usage).toMatchObject({ inputTokens: 30, outputTokens: 16 });
      expect(r.toolCalls).toEqual([]);
      expect(kinds).not.toContain('tool-call');
      expect(r.incompleteToolCalls).toHaveLength(1);
      const [cut] = r.incompleteToolCalls!;
      expect(cut!.name).toBe('generate_topic');
      expect(cut!.argumentsText.length).toBeGreaterThan(0);
      expect(() => JSON.parse(cut!.argumentsText)).toThrow();
      expect(JSON.stringify({ area: 'a long description of the area that the limit cuts off' }).startsWith(cut!.argumentsText)).toBe(true);
    });

    it('thinking beside a tool call: the reasoning where the vendor sends it, and its tokens counted', async () => {
      const h = harness();
      const model = h.createModel();
      for (const streamed of [false, true]) {
        h.target.enqueue({
          kind: 'tool-calls',
          reasoning: 'A topic about art fits best.',
          calls: [{ id: 'call_think', name: 'generate_topic', arguments: { area: 'art' } }],
          usage: { inputTokens: 40, outputTokens: 60, reasoningTokens: 45 },
        });
        const request = { messages: [{ role: 'user' as const, content: 'One topic.' }], tools: [topic] };
        const r = streamed ? await model.streamChat(request).response : await model.chat(request);
        expect(r.toolCalls.map((c) => [c.name, c.arguments])).toEqual([['generate_topic', { area: 'art' }]]);
        expect(r.usage).toMatchObject({ inputTokens: 40, outputTokens: 60, reasoningTokens: 45 });
        if (reasoningText) expect(r.reasoning).toBe('A topic about art fits best.');
        else expect(r.reasoning).toBeUndefined();
      }
    });
  });
}
