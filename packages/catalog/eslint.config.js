import preset from '@llm/tooling/eslint';
import globals from 'globals';

// The page's browser script (src/page/*.js) runs in a page, not in Node.
export default [...preset, { files: ['src/page/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } }];
