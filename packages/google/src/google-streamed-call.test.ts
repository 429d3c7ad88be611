import { describe, expect, it } from 'vitest';
import { StreamedFunctionCall } from './google-streamed-call.js';

describe('StreamedFunctionCall', () => {
  it('joins a string streamed over several pieces and sets nested paths', () => {
    const call = new StreamedFunctionCall(0, 'id', 'f');
    expect(call.add({ partialArgs: [{ jsonPath: '$.a.b', stringValue: 'Bos', willContinue: true }], willContinue: true })).toBeUndefined();
    call.add({ partialArgs: [{ jsonPath: '$.a.b', stringValue: 'ton', willContinue: true }], willContinue: true });
    call.add({ partialArgs: [{ jsonPath: '$.a.b', stringValue: '' }], willContinue: true });
    call.add({ partialArgs: [{ jsonPath: "$.list[1]", numberValue: 2 }, { jsonPath: "$['odd key']", boolValue: true }], willContinue: true });
    expect(JSON.parse(call.argumentsJson())).toEqual({ a: { b: 'Boston' }, list: [null, 2], 'odd key': true });
    expect(StreamedFunctionCall.ends({})).toBe(true);
    expect(StreamedFunctionCall.ends({ willContinue: true })).toBe(false);
  });

  it('never lets a vendor path reach a prototype, nor build a huge array', () => {
    const call = new StreamedFunctionCall(0, 'id', 'f');
    expect(call.add({ partialArgs: [{ jsonPath: '$.__proto__.polluted', stringValue: 'yes' }] })).toMatch(/JSON path/);
    expect(call.add({ partialArgs: [{ jsonPath: '$.constructor.prototype.x', stringValue: 'yes' }] })).toMatch(/JSON path/);
    expect(call.add({ partialArgs: [{ jsonPath: '$.list[99999999]', numberValue: 1 }] })).toMatch(/JSON path/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(call.argumentsJson()).toBe('{}');
  });

  it('names what it cannot read', () => {
    const call = new StreamedFunctionCall(0, 'id', 'f');
    expect(call.add({ partialArgs: [{ jsonPath: 'location', stringValue: 'x' }] })).toMatch(/JSON path this client cannot read \(location\)/);
    expect(call.add({ partialArgs: [{ jsonPath: '$.a' }] })).toMatch(/has no value/);
    expect(call.add({ args: 'x' as unknown as Record<string, unknown> })).toMatch(/not an object/);
  });
});
