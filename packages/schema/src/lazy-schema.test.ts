import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtSchema, lazySchema } from './lazy-schema.js';
import { MessageSchema } from './message-schema.js';
import { toJsonSchema } from './json-schema.js';
import { parseOrThrow } from './validate.js';

describe('lazySchema', () => {
  it('builds the schema once, on first use, not when made', () => {
    let builds = 0;
    const Point = lazySchema(() => {
      builds++;
      return z.object({ x: z.number(), y: z.number() });
    });
    expect(builds).toBe(0);
    expect(Point.parse({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    expect(Point.safeParse({ x: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('stands for the built schema: instanceof, shape, keys, composition, methods, JSON Schema', () => {
    const eager = z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() });
    const lazy = lazySchema(() => z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() }));
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(lazy).toBeInstanceOf(z.ZodType);
    expect(Object.keys(lazy.shape)).toEqual(['name', 'tags']);
    expect(Object.keys(lazy).sort()).toEqual(Object.keys(eager).sort());
    expect('parse' in lazy).toBe(true);
    const list = z.array(lazy).min(1);
    expect(list.parse([{ name: 'a' }])).toEqual([{ name: 'a' }]);
    expect(lazy.extend({ n: z.number() }).parse({ name: 'a', n: 1 })).toEqual({ name: 'a', n: 1 });
    expect(lazy.optional().parse(undefined)).toBeUndefined();
    expect(toJsonSchema(lazy)).toEqual(toJsonSchema(eager));
    expect(toJsonSchema(z.object({ item: lazy }))).toEqual(toJsonSchema(z.object({ item: eager })));
  });

  it('gives the same error messages as the schema built at once', () => {
    const eager = z.object({ name: z.string().min(1), n: z.number().int() });
    const lazy = lazySchema(() => z.object({ name: z.string().min(1), n: z.number().int() }));
    const bad = { name: '', n: 1.5 };
    const message = (schema: z.ZodType) => {
      try {
        parseOrThrow(schema, bad, 'thing');
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(message(lazy)).toBe(message(eager));
    expect(message(lazy)).toMatch(/^invalid thing: name: .+; n: .+/);
  });

  it("the package's own schemas work as before (a message list inside the caller's own schema)", () => {
    const Conversation = z.object({ messages: z.array(MessageSchema).min(1) });
    expect(Conversation.parse({ messages: [{ role: 'user', content: 'hi' }] })).toEqual({ messages: [{ role: 'user', content: 'hi' }] });
    expect(Conversation.safeParse({ messages: [{ role: 'robot', content: 'hi' }] }).success).toBe(false);
  });
});

describe('lazySchema and zod metadata', () => {
  it('keeps `.describe()` of a lazy schema nested in another (JSON Schema as with eager schemas)', () => {
    const flag = lazySchema(() => z.union([z.boolean(), z.literal('unknown')]).describe('true, false or unknown'));
    const eagerFlag = z.union([z.boolean(), z.literal('unknown')]).describe('true, false or unknown');
    const record = lazySchema(() => z.object({ vision: flag, tools: flag.optional() }));
    const eager = z.object({ vision: eagerFlag, tools: eagerFlag.optional() });
    expect(toJsonSchema(record)).toEqual(toJsonSchema(eager));
    expect(JSON.stringify(toJsonSchema(record))).toContain('true, false or unknown');
  });
});

describe('builtSchema', () => {
  it('gives the object a lazy schema stands for (the same each time), and any other schema itself', () => {
    const lazy = lazySchema(() => z.string().min(1));
    const built = builtSchema(lazy);
    expect(built).not.toBe(lazy);
    expect(builtSchema(lazy)).toBe(built);
    expect(built.parse('a')).toBe('a');
    const plain = z.number();
    expect(builtSchema(plain)).toBe(plain);
  });

  it('lets a registry find a lazy schema used inside another through the built object', () => {
    const Flag = lazySchema(() => z.boolean());
    const Record = lazySchema(() => z.object({ vision: builtSchema(Flag).optional() }));
    const registry = z.registry<{ id: string }>();
    registry.add(builtSchema(Flag), { id: 'Flag' });
    registry.add(builtSchema(Record), { id: 'Record' });
    const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/$defs/${id}` });
    expect(JSON.stringify(schemas.Record)).toContain('#/$defs/Flag');
  });
});
