import preset from '@llm/tooling/eslint';

export default [
  ...preset,
  // The docs generator is a plain Node script.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
];
