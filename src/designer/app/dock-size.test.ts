import { describe, expect, it } from 'vitest';
import {
  CANVAS_MIN_HEIGHT,
  clampDockHeight,
  DOCK_DEFAULT_HEIGHT,
  DOCK_HEIGHT_KEY,
  DOCK_MIN_HEIGHT,
  dockHeightForKey,
  loadDockHeight,
  maxDockHeight,
  saveDockHeight,
} from './dock-size.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

describe('dock size limits', () => {
  it('leaves the canvas its minimum and never goes below the dock minimum', () => {
    expect(maxDockHeight(800)).toBe(800 - CANVAS_MIN_HEIGHT);
    expect(maxDockHeight(200)).toBe(DOCK_MIN_HEIGHT);
    expect(clampDockHeight(50, 640)).toBe(DOCK_MIN_HEIGHT);
    expect(clampDockHeight(900, 640)).toBe(640);
    expect(clampDockHeight(333.4, 640)).toBe(333);
  });
});

describe('dock splitter keys', () => {
  it('moves by 16px per arrow press: up makes the dock taller', () => {
    expect(dockHeightForKey('ArrowUp', 300, 640)).toBe(316);
    expect(dockHeightForKey('ArrowDown', 300, 640)).toBe(284);
    expect(dockHeightForKey('PageUp', 300, 640)).toBe(396);
    expect(dockHeightForKey('PageDown', 300, 640)).toBe(204);
  });

  it('stops at the limits, and Home/End jump to them', () => {
    expect(dockHeightForKey('ArrowUp', 630, 640)).toBe(640);
    expect(dockHeightForKey('ArrowDown', DOCK_MIN_HEIGHT + 4, 640)).toBe(DOCK_MIN_HEIGHT);
    expect(dockHeightForKey('Home', 300, 640)).toBe(DOCK_MIN_HEIGHT);
    expect(dockHeightForKey('End', 300, 640)).toBe(640);
  });

  it('ignores other keys so they keep their usual meaning', () => {
    expect(dockHeightForKey('ArrowLeft', 300, 640)).toBeNull();
    expect(dockHeightForKey('Tab', 300, 640)).toBeNull();
  });
});

describe('saved dock height', () => {
  it('round-trips through storage as whole pixels', () => {
    const storage = memoryStorage();
    saveDockHeight(storage, 412.6);
    expect(storage.items.get(DOCK_HEIGHT_KEY)).toBe('413');
    expect(loadDockHeight(storage)).toBe(413);
  });

  it('falls back to the default when nothing sensible was saved', () => {
    expect(loadDockHeight(undefined)).toBe(DOCK_DEFAULT_HEIGHT);
    expect(loadDockHeight(memoryStorage())).toBe(DOCK_DEFAULT_HEIGHT);
    expect(loadDockHeight(memoryStorage({ [DOCK_HEIGHT_KEY]: 'tall' }))).toBe(DOCK_DEFAULT_HEIGHT);
    expect(loadDockHeight(memoryStorage({ [DOCK_HEIGHT_KEY]: '10' }))).toBe(DOCK_DEFAULT_HEIGHT);
  });

  it('does not throw when storage refuses to write', () => {
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(() => saveDockHeight(full, 300)).not.toThrow();
  });
});
