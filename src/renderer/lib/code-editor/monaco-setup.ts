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
interface Palette {
  text: string; keyword: string; string: string; number: string; comment: string; delimiter: string; tag: string;
  background: string; lineNumber: string; activeLineNumber: string; lineHighlight: string; cursor: string;
  error: string; warning: string; widgets?: Record<string, string>;
}

function defineStudioTheme(name: string, base: 'vs' | 'vs-dark', p: Palette): void {
  const hex = (c: string) => c.replace('#', '');
  monaco.editor.defineTheme(name, {
    base,
    inherit: true,
    rules: [
      { token: '', foreground: hex(p.text) },
      { token: 'keyword', foreground: hex(p.keyword) },
      { token: 'string', foreground: hex(p.string) },
      { token: 'string.escape', foreground: hex(p.string) },
      { token: 'number', foreground: hex(p.number) },
      { token: 'comment', foreground: hex(p.comment), fontStyle: 'italic' },
      { token: 'delimiter', foreground: hex(p.delimiter) },
      { token: 'tag', foreground: hex(p.tag) },
    ],
    colors: {
      'editor.background': p.background,
      'editor.foreground': p.text,
      'editorLineNumber.foreground': p.lineNumber,
      'editorLineNumber.activeForeground': p.activeLineNumber,
      'editor.lineHighlightBackground': p.lineHighlight,
      'editorCursor.foreground': p.cursor,
      'editorError.foreground': p.error,
      'editorWarning.foreground': p.warning,
      focusBorder: p.cursor,
      ...p.widgets,
    },
  });
}

defineStudioTheme('code-studio-dark', 'vs-dark', {
  text: '#e4e8ee', keyword: '#7fa8f5', string: '#9fd49a', number: '#d9a46a', comment: '#75808e', delimiter: '#a7b1bd', tag: '#c9a0f0',
  background: '#1c2027', lineNumber: '#5d6877', activeLineNumber: '#98a3b0', lineHighlight: '#232830', cursor: '#5b93f0',
  error: '#f0706b', warning: '#e0b44a',
  widgets: {
    'editor.selectionBackground': '#2f4a77',
    'editorWidget.background': '#232830',
    'editorWidget.border': '#485262',
    'editorHoverWidget.background': '#232830',
    'editorHoverWidget.border': '#485262',
  },
});

defineStudioTheme('code-studio-light', 'vs', {
  text: '#1c2128', keyword: '#2457b8', string: '#2c7a3f', number: '#9a5b13', comment: '#6b7785', delimiter: '#5f6b78', tag: '#7a3fb8',
  background: '#ffffff', lineNumber: '#98a3b0', activeLineNumber: '#5f6b78', lineHighlight: '#f0f2f5', cursor: '#2f6fdf',
  error: '#c93c37', warning: '#9a6700',
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
