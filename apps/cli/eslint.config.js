export { default } from '@llm/tooling/eslint';
