// Svelte compiler settings shared by the renderer build (electron.vite.config.ts passes this file to
// vite-plugin-svelte) and by editor tooling / svelte-check, which read it from the repository root.

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  vitePlugin: {
    // Runes mode for our own components only: a library written for Svelte 4 keeps compiling.
    dynamicCompileOptions: ({ filename }) => (filename.includes('/node_modules/') ? undefined : { runes: true }),
  },
};
