import type { ChatTransport, TransportResponse, TransportStreamPart, TransportRequest } from './transport.js';

/** A scripted in-memory transport for core's own tests (core cannot use @llm/mocks: mocks depends on core). */
export function fakeTransport(reply: Partial<TransportResponse> & { chunks?: string[] } = {}, name = 'fake'): ChatTransport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  const response: TransportResponse = {
    id: 'r1',
    model: 'fake-model-001',
    text: reply.text ?? 'hello world',
    toolCalls: reply.toolCalls ?? [],
    finishReason: reply.finishReason ?? 'stop',
    usage: reply.usage ?? { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
  };
  return {
    provider: name,
    modelId: 'fake-model',
    requests,
    async doChat(request) {
      requests.push(request);
      return response;
    },
    async *doStream(request, { signal }): AsyncGenerator<TransportStreamPart> {
      requests.push(request);
      yield { type: 'metadata', id: 'r1', model: 'fake-model-001' };
      for (const text of reply.chunks ?? [response.text]) {
        if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
        await new Promise((r) => setTimeout(r, 1));
        yield { type: 'text-delta', text };
      }
      for (const [index, call] of response.toolCalls.entries()) {
        yield { type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: String(call.arguments) };
      }
      if (response.usage) yield { type: 'usage', usage: response.usage };
      yield { type: 'finish', finishReason: response.finishReason };
    },
  };
}
