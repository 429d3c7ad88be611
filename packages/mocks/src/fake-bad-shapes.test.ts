import { describe, expect, it } from 'vitest';
import { OPENAI_BAD_SHAPES } from './fake-bad-shape-recipes.js';
import { applyEdit, badBody, badFrames, frameData, mutateFrames, mutateJson, REMOVE } from './fake-bad-shapes.js';

describe('fake bad shapes', () => {
  it('edits where the whole path exists, the first match of a wildcard, and nothing else', () => {
    const body = { content: [{ type: 'thinking', thinking: 'hm' }, { type: 'text', text: 'hi' }, { type: 'text', text: 'there' }] };
    expect(applyEdit(body, { path: ['content', '*', 'text'], value: 42 })).toBe(true);
    expect(body.content.map((b) => (b as { text?: unknown }).text)).toEqual([undefined, 42, 'there']);
    expect(applyEdit(body, { path: ['usage', 'input_tokens'], value: 'many' })).toBe(false);
    expect(body).not.toHaveProperty('usage');
    expect(applyEdit(body, { path: ['content', 0, 'thinking'], value: REMOVE })).toBe(true);
    expect(body.content[0]).toEqual({ type: 'thinking' });
  });

  it('breaks a body as the recipe says, leaving the original alone', () => {
    const completion = { choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }], usage: { prompt_tokens: 1 } };
    expect(badBody(completion, OPENAI_BAD_SHAPES.recipes['text-not-string'])).toMatchObject({ choices: [{ message: { content: 42 } }] });
    expect(badBody(completion, OPENAI_BAD_SHAPES.recipes['null-reply'])).toBeNull();
    expect(completion.choices[0]!.message.content).toBe('hi');
  });

  it('edits the first stream chunk the path exists in, or inserts a chunk after the first frame', () => {
    const frames = ['data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n', 'data: {"choices":[{"delta":{"content":"a"}}]}\n\n', 'data: [DONE]\n\n'];
    const edited = badFrames(frames, OPENAI_BAD_SHAPES.recipes['text-not-string'], OPENAI_BAD_SHAPES);
    expect(edited.map((f) => frameData(f)?.data)).toEqual([{ choices: [{ delta: { role: 'assistant' } }] }, { choices: [{ delta: { content: 42 } }] }, undefined]);
    const inserted = badFrames(frames, OPENAI_BAD_SHAPES.recipes['foreign-reply'], OPENAI_BAD_SHAPES);
    expect(inserted).toHaveLength(4);
    expect(inserted[1]).toBe('data: {"foo":1}\n\n');
  });

  it('mutates the n-th node of a body or of the chunks, wrapping around', () => {
    expect(mutateJson({ a: 1, b: { c: 2 } }, 2, null)).toEqual({ a: 1, b: { c: null } });
    expect(mutateJson({ a: 1, b: { c: 2 } }, 3, 'x')).toEqual({ a: 'x', b: { c: 2 } });
    expect(mutateJson(7, 0, 'x')).toBe('x');
    const frames = ['event: a\ndata: {"x":1}\n\n', ': comment\n\n', 'event: b\ndata: {"y":[1,2]}\n\n'];
    expect(mutateFrames(frames, 3, true)).toEqual(['event: a\ndata: {"x":1}\n\n', ': comment\n\n', 'event: b\ndata: {"y":[1,true]}\n\n']);
  });
});
