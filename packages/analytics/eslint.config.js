import preset from '@llm/tooling/eslint';
import globals from 'globals';

// The dashboard's browser script (src/dashboard/*.js) runs in a page, not in Node.
export default [...preset, { files: ['src/dashboard/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } }];
