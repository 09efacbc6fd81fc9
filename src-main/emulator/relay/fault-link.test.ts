import { describe, expect, it } from 'vitest';
import { FaultLink, mergeFaults } from './fault-link.js';

function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('FaultLink', () => {
  it('passes frames through unchanged without faults', () => {
    const out: string[] = [];
    const link = new FaultLink(
      (f) => out.push(f.toString()),
      () => ({}),
    );
    ['a', 'b', 'c'].forEach((t) => link.push(Buffer.from(t)));
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('drops, duplicates and swaps frames by percentage', () => {
    const out: string[] = [];
    // Each push draws: drop, duplicate, reorder (delay is off).
    const link = new FaultLink(
      (f) => out.push(f.toString()),
      () => ({ dropPercent: 50, duplicatePercent: 50, reorderPercent: 50 }),
      sequence([0.9, 0.9, 0.9, 0.1, 0.9, 0.9, 0.1, 0.9, 0.9]),
    );
    link.push(Buffer.from('a')); // kept, no dup, no reorder
    link.push(Buffer.from('b')); // dropped
    link.push(Buffer.from('c')); // kept, not duplicated, held for reorder
    link.push(Buffer.from('d')); // kept, swapped with c
    expect(out).toEqual(['a', 'd', 'c']);
    link.close();
  });

  it('lets session faults override global ones field by field', () => {
    expect(mergeFaults({ dropPercent: 5, killEverySeconds: 10 }, undefined, { dropPercent: 0 })).toEqual({
      dropPercent: 0,
      killEverySeconds: 10,
    });
  });
});
