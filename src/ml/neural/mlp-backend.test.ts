import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer, loadTfForMlp, webglWorthUsing } from './mlp-backend.ts';
import { DEFAULT_MLP_SETTINGS, mlpOptions, mlpSettingsFrom } from './mlp-settings.ts';

describe('MLP backend choice', () => {
  it('recognises software WebGL renderers (no GPU) and keeps wasm for them', () => {
    for (const r of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Microsoft Basic Render Driver',
      'Google SwiftShader',
    ]) {
      expect(isSoftwareRenderer(r)).toBe(true);
      expect(webglWorthUsing({ renderer: r, float32: true })).toEqual({ ok: false, reason: `WebGL renders in software here (${r}), which is slower` });
    }
    const gpu = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
    expect(isSoftwareRenderer(gpu)).toBe(false);
    expect(webglWorthUsing({ renderer: gpu, float32: true })).toEqual({ ok: true });
    expect(webglWorthUsing({ renderer: 'Apple GPU', float32: false }).ok).toBe(false);
  });

  it('in Node: automatic is wasm without a note; asking for WebGL falls back to wasm with a warning', async () => {
    expect(await loadTfForMlp('auto')).toMatchObject({ backend: 'wasm' });
    expect((await loadTfForMlp('auto')).note).toBeUndefined();
    const webgl = await loadTfForMlp('webgl');
    expect(webgl.backend).toBe('wasm');
    expect(webgl.note).toEqual({ message: 'WebGL exists only in a browser; training with wasm.', level: 'warn' });
    const cpu = await loadTfForMlp('cpu');
    expect(cpu.backend).toBe('cpu');
    expect(cpu.tf.getBackend()).toBe('cpu');
    expect((await loadTfForMlp('auto')).tf.getBackend()).toBe('wasm'); // switched back
  });
});

describe('MLP settings stored in hyperParams', () => {
  it('read back what was stored, and refuse a malformed entry by name', () => {
    const stored = JSON.parse(JSON.stringify({ ...DEFAULT_MLP_SETTINGS, hidden: [32, 16], dropout: 0.2, threshold: 0.5 }));
    const settings = mlpSettingsFrom(stored);
    expect(settings).toEqual({ ...DEFAULT_MLP_SETTINGS, hidden: [32, 16], dropout: 0.2 });
    expect(mlpOptions(settings)).toMatchObject({ hidden: [32, 16], dropout: 0.2, l2: 1e-4, seed: 0, validationFraction: 0.1 });
    expect(() => mlpSettingsFrom({ ...stored, l2: '0.1' })).toThrow('The neural-network model\'s setting "l2" is "0.1", not a number. Retrain the model.');
    expect(() => mlpSettingsFrom({ ...stored, hidden: [0] })).toThrow(/setting "hidden" is \[0\], not a list of layer sizes/);
    expect(() => mlpSettingsFrom({ ...stored, activation: 'gelu' })).toThrow('The neural-network model\'s activation "gelu" is unknown (known: relu, tanh, logistic).');
    expect(() => mlpSettingsFrom({ ...stored, classWeight: 'auto' })).toThrow(/class weights "auto" are unknown/);
  });
});
