export { default } from '@llm/tooling/vitest';
