import { describe, expect, it } from 'vitest';
import { OutputReplay } from './output-replay.js';

describe('OutputReplay', () => {
  it('replays everything while under its limit, and counts every character ever added', () => {
    const replay = new OutputReplay(100);
    replay.append('$ ls\r\n');
    replay.append('a b c\r\n');
    expect(replay.snapshot()).toBe('$ ls\r\na b c\r\n');
    expect(replay.position).toBe(13);
  });

  it('drops the oldest output beyond its limit and starts the replay at a line', () => {
    const replay = new OutputReplay(20);
    for (let i = 0; i < 10; i++) replay.append(`line ${i}\n`);
    const snapshot = replay.snapshot();
    expect(snapshot.length).toBeLessThanOrEqual(20 + 'line 9\n'.length);
    expect(snapshot.endsWith('line 9\n')).toBe(true);
    expect(snapshot.startsWith('line ')).toBe(true);
    expect(replay.position).toBe(70);
  });

  it('ignores empty chunks', () => {
    const replay = new OutputReplay(10);
    replay.append('');
    expect(replay.snapshot()).toBe('');
    expect(replay.position).toBe(0);
  });
});
