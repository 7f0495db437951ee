// Monaco, set up once for the whole renderer: its editor worker bundled by Vite as a same-origin
// file (offline, no CDN, nothing extra in the CSP), Python registered, the studio's two themes
// (following the system's light/dark setting like styles.css does), and one shared hover provider
// that asks whichever editor owns the hovered model for its token's description.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/python/register';
// Only the editor features a playground needs: register.all would add ~0.5 MB of others
// (diff editor, code lens, inline completions, colour picker…).
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/lineSelection/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/suggest/register';
// features/suggest registers only the inline-completion bridge; the suggest widget itself (word
// completions, the feature that starts the editor worker) is its own contribution.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

/** Colours from styles.css (Monaco themes take hex values, not CSS variables). */
monaco.editor.defineTheme('code-studio-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: '', foreground: 'e4e8ee' },
    { token: 'keyword', foreground: '7fa8f5' },
    { token: 'string', foreground: '9fd49a' },
    { token: 'string.escape', foreground: '9fd49a' },
    { token: 'number', foreground: 'd9a46a' },
    { token: 'comment', foreground: '75808e', fontStyle: 'italic' },
    { token: 'delimiter', foreground: 'a7b1bd' },
    { token: 'tag', foreground: 'c9a0f0' },
  ],
  colors: {
    'editor.background': '#1c2027',
    'editor.foreground': '#e4e8ee',
    'editorLineNumber.foreground': '#5d6877',
    'editorLineNumber.activeForeground': '#98a3b0',
    'editor.lineHighlightBackground': '#232830',
    'editor.selectionBackground': '#2f4a77',
    'editorCursor.foreground': '#5b93f0',
    'editorWidget.background': '#232830',
    'editorWidget.border': '#485262',
    'editorHoverWidget.background': '#232830',
    'editorHoverWidget.border': '#485262',
    'editorError.foreground': '#f0706b',
    'editorWarning.foreground': '#e0b44a',
    focusBorder: '#5b93f0',
  },
});

monaco.editor.defineTheme('code-studio-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: '', foreground: '1c2128' },
    { token: 'keyword', foreground: '2457b8' },
    { token: 'string', foreground: '2c7a3f' },
    { token: 'string.escape', foreground: '2c7a3f' },
    { token: 'number', foreground: '9a5b13' },
    { token: 'comment', foreground: '6b7785', fontStyle: 'italic' },
    { token: 'delimiter', foreground: '5f6b78' },
    { token: 'tag', foreground: '7a3fb8' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.foreground': '#1c2128',
    'editorLineNumber.foreground': '#98a3b0',
    'editorLineNumber.activeForeground': '#5f6b78',
    'editor.lineHighlightBackground': '#f0f2f5',
    'editorCursor.foreground': '#2f6fdf',
    'editorError.foreground': '#c93c37',
    'editorWarning.foreground': '#9a6700',
    focusBorder: '#2f6fdf',
  },
});

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/** The theme matching the system setting now (Monaco's theme is global to the page). */
export function studioTheme(): string {
  return darkQuery && !darkQuery.matches ? 'code-studio-light' : 'code-studio-dark';
}

darkQuery?.addEventListener('change', () => monaco.editor.setTheme(studioTheme()));

export type TokenHoverLookup = (model: monaco.editor.ITextModel, position: monaco.Position) => monaco.languages.Hover | null;

// Hover providers are registered per language, for every editor on the page; each editor adds its
// own model's lookup here instead of registering (and leaking) a provider of its own.
const hoverLookups = new Map<string, TokenHoverLookup>();

monaco.languages.registerHoverProvider('python', {
  provideHover: (model, position) => hoverLookups.get(model.uri.toString())?.(model, position) ?? null,
});

/** Answer hovers over `model` with `lookup` until the returned function is called. */
export function provideTokenHover(model: monaco.editor.ITextModel, lookup: TokenHoverLookup): () => void {
  const key = model.uri.toString();
  hoverLookups.set(key, lookup);
  return () => {
    if (hoverLookups.get(key) === lookup) hoverLookups.delete(key);
  };
}

export { monaco };
