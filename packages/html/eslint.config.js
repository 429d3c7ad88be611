import preset from '@llm/tooling/eslint';
import globals from 'globals';

// The browser scripts in src/assets run in a page, not in Node.
export default [...preset, { files: ['src/assets/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } }];
