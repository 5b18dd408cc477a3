import { describe, expect, it } from 'vitest';
import { pictureFor } from '../../src/engine/screens/product.js';

describe('the picture a messenger can show', () => {
  it('shows a photo staff sent through MAX only in MAX, and a URL everywhere', () => {
    const pictures = ['max:ptoken123', 'tg:AgADBAAD', 'https://cdn.example/p.jpg'];
    expect(pictureFor('max', pictures)).toBe('max:ptoken123');
    expect(pictureFor('telegram', pictures)).toBe('tg:AgADBAAD');
    expect(pictureFor('vk', pictures)).toBe('https://cdn.example/p.jpg');
    expect(pictureFor('console', pictures)).toBe('https://cdn.example/p.jpg');
  });
});
