// CodeBlock builds its markup as one string: the code's text must come out exactly, never as
// markup, in the editor's colour classes, cut to its first lines when asked.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import CodeBlock from '../../../src/renderer/lib/code-editor/CodeBlock.svelte';

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

function show(props: { code: string; lines?: number }): HTMLElement {
  const target = document.createElement('div');
  document.body.append(target);
  component = mount(CodeBlock, { target, props });
  flushSync();
  return target.querySelector('code')!;
}

describe('CodeBlock', () => {
  it('shows code with markup characters as text, coloured by kind', () => {
    const code = show({ code: 'if a < b: print("<b>&amp;</b>")  # \'x\'' });
    expect(code.textContent).toBe('if a < b: print("<b>&amp;</b>")  # \'x\'');
    expect(code.querySelector('b')).toBeNull();
    expect(code.querySelector('.hl-keyword')?.textContent).toBe('if');
    expect(code.querySelector('.hl-builtin')?.textContent).toBe('print');
    expect(code.querySelector('.hl-string')?.textContent).toBe('"<b>&amp;</b>"');
    expect(code.querySelector('.hl-comment')?.textContent).toBe("# 'x'");
  });

  it('cuts to the first lines with an ellipsis', () => {
    expect(show({ code: 'a = 1\nb = 2\nc = 3\nd = 4', lines: 2 }).textContent).toBe('a = 1\nb = 2\n…');
  });
});
