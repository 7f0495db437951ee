// Ambient types for the renderer: Svelte's `*.svelte` module declaration, Vite's client types
// (import.meta.env, asset imports) and the `studio` object the preload script exposes.
/// <reference types="svelte" />
/// <reference types="vite/client" />

interface Window {
  /** Absent when the same renderer is served to a plain browser by the web shell. */
  readonly studio?: import('../shared/api/electron-channels').StudioBridge;
}
