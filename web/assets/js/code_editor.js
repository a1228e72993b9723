// A plain textarea for conditions, templates and JSON, with line numbers so an error's line and
// column (from notification.validate or a failed save) can be pointed at: the line is marked in
// the gutter, the message names line and column, and activating it puts the caret there.
import {h, clear, uid} from './dom.js';
import {t} from './i18n.js';

export function createCodeEditor({id = uid('code'), value = '', rows = 6, readOnly = false,
                                  placeholder = '', onInput = null, describedBy = ''} = {}) {
  const gutter = h('div', {class: 'code-gutter', 'aria-hidden': 'true'});
  const errorBox = h('div', {class: 'code-error', id: `${id}-error`, 'aria-live': 'polite'});
  const textarea = h('textarea', {
    id, rows, class: 'code-input', spellcheck: 'false', wrap: 'off', autocapitalize: 'off',
    autocomplete: 'off', placeholder, readOnly,
    'aria-describedby': [describedBy, `${id}-error`].filter(Boolean).join(' '),
  });
  textarea.value = value ?? '';
  const frame = h('div', {class: 'code-frame'}, gutter, textarea);
  const el = h('div', {class: 'code-editor'}, frame, errorBox);
  let errorLine = 0;

  function renderGutter() {
    const lines = Math.max(textarea.value.split('\n').length, Number(textarea.rows) || rows);
    clear(gutter);
    for (let i = 1; i <= lines; i += 1) {
      gutter.append(h('div', {class: i === errorLine ? 'line error' : 'line', text: String(i)}));
    }
    gutter.scrollTop = textarea.scrollTop;
  }

  textarea.addEventListener('scroll', () => {
    gutter.scrollTop = textarea.scrollTop;
  });
  textarea.addEventListener('input', () => {
    renderGutter();
    if (onInput) onInput(textarea.value);
  });
  // Tab inserts two spaces only with Ctrl/Alt untouched and when not leaving the field: Escape
  // then Tab moves on, so keyboard users are never trapped.
  let escaped = false;
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      escaped = true;
      return;
    }
    if (event.key === 'Tab' && !event.shiftKey && !escaped && !textarea.readOnly) {
      event.preventDefault();
      textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
      textarea.dispatchEvent(new Event('input'));
    }
    escaped = false;
  });

  // Puts the caret at (line, column), both counted from 1.
  function focusAt(line, column) {
    const lines = textarea.value.split('\n');
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i += 1) offset += lines[i].length + 1;
    offset += Math.max(0, Math.min((column || 1) - 1, (lines[line - 1] || '').length));
    textarea.focus();
    textarea.setSelectionRange(offset, offset);
  }

  // error: {message, line, column} or null. Without a line the message is shown alone.
  function setError(error) {
    clear(errorBox);
    errorLine = error && error.line ? Number(error.line) : 0;
    textarea.setAttribute('aria-invalid', error ? 'true' : 'false');
    el.classList.toggle('has-error', Boolean(error));
    if (error) {
      const where = error.line ?
          t('editor.at', {line: error.line, column: error.column || 1}) :
          '';
      const text = where ? `${where} ${error.message}` : error.message;
      if (error.line) {
        errorBox.append(h('button', {
          type: 'button', class: 'link-button error-location',
          dataset: {line: String(error.line), column: String(error.column || 1)},
          onclick: () => focusAt(error.line, error.column),
        }, text));
      } else {
        errorBox.append(h('span', {text}));
      }
    }
    renderGutter();
  }

  renderGutter();
  return {
    el, textarea, focusAt, setError,
    get: () => textarea.value,
    set: (v) => {
      textarea.value = v ?? '';
      renderGutter();
    },
    setReadOnly: (ro) => {
      textarea.readOnly = ro;
    },
  };
}

// Reads "(line L, column C)" from an error message, as crier's engines write it.
export function parseLineColumn(message) {
  const m = /line (\d+),\s*column (\d+)/i.exec(String(message || ''));
  return m ? {line: Number(m[1]), column: Number(m[2])} : null;
}
