type Env = Readonly<Record<string, string | undefined>>;

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of a parsed YAML document with the
 * environment's values, so that keys and URLs stay out of the file. A variable that is not set
 * and has no default is reported with the path of the field that names it.
 */
export function interpolateEnv(value: unknown, env: Env, problems: string[], path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REF, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${path || '(root)'}: the environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, problems, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = interpolateEnv(item, env, problems, path ? `${path}.${key}` : key);
    return out;
  }
  return value;
}
