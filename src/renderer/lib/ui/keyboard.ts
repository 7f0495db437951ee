// Keyboard helpers for the studio's shortcuts: whether a key press belongs to the element that
// has focus (typing, pressing a focused button) and so must not trigger a global shortcut.

const OWN_KEYS = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY', 'OPTION']);

export function ownsKeys(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  if (OWN_KEYS.has(element.tagName)) return true;
  if (element.isContentEditable) return true;
  const role = element.getAttribute('role');
  return role === 'textbox' || role === 'slider' || role === 'button' || role === 'checkbox';
}

/** Ctrl+N on Windows/Linux, Cmd+N on macOS. */
export function isPrimaryShortcut(event: KeyboardEvent, key: string): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key === key;
}

/** Whether a key press comes from inside an open <dialog>: the page behind a modal takes no shortcuts. */
export function inOpenDialog(target: EventTarget | null): boolean {
  const element = target as Element | null;
  return typeof element?.closest === 'function' && element.closest('dialog[open]') !== null;
}
