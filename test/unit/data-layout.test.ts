import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_LAYOUT, ensureDataLayout } from '../../infra/local/data-layout';

const layoutIn = (dir: string) => (JSON.parse(readFileSync(join(dir, 'layout.json'), 'utf8')) as { layout: number }).layout;

describe('the local data layout', () => {
  it('moves data of an older layout aside, keeps the keys, and records the current layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sovang-layout-'));
    mkdirSync(join(dir, 'dynamodb'));
    writeFileSync(join(dir, 'dynamodb', 'shared-local-instance.db'), 'old table');
    mkdirSync(join(dir, 'keys'));
    const lines: string[] = [];
    ensureDataLayout(dir, (line) => lines.push(line));
    expect(existsSync(join(dir, 'dynamodb'))).toBe(false);
    expect(existsSync(join(dir, 'keys'))).toBe(true);
    const aside = readdirSync(dir).filter((name) => name.startsWith('layout-1-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!, 'dynamodb', 'shared-local-instance.db'), 'utf8')).toBe('old table');
    expect(layoutIn(dir)).toBe(DATA_LAYOUT);
    expect(lines.join('\n')).toMatch(/older layout \(1\) moved to/);
  });

  it('leaves data of the current layout, and a fresh directory, where they are', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sovang-layout-'));
    ensureDataLayout(dir, () => undefined);
    mkdirSync(join(dir, 'dynamodb'));
    const lines: string[] = [];
    ensureDataLayout(dir, (line) => lines.push(line));
    expect(existsSync(join(dir, 'dynamodb'))).toBe(true);
    expect(lines).toEqual([]);
    expect(layoutIn(dir)).toBe(DATA_LAYOUT);
  });
});
