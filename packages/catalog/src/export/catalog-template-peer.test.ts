import { describe, expect, it, vi } from 'vitest';
import { createCatalog } from '../catalog/index.js';

// Without the optional peer: importing liquidjs fails, as it does when it is not installed.
vi.mock('liquidjs', () => {
  throw new Error("Cannot find package 'liquidjs'");
});

describe('renderTemplate without liquidjs installed', () => {
  it('is a configuration error that says to add it', async () => {
    const { renderTemplate } = await import('./catalog-template.js');
    const data = createCatalog({ at: new Date('2026-10-01T12:00:00Z') }).toData();
    await expect(renderTemplate('{{ records.size }}', data)).rejects.toMatchObject({
      code: 'configuration',
      message: 'catalog templates need the optional peer dependency liquidjs (pnpm add liquidjs)',
    });
  });
});
