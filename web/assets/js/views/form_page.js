// The page around a DocForm: title, docstatus badge, the Save / Submit / Cancel / Delete buttons
// that the document's state allows, the banner for errors, and the record's standard fields.
// The generic form, the webhook form and the Notification form all use it.
import {deleteDoc} from '../api.js';
import {h, clear} from '../dom.js';
import {t, doctypeLabel, formatDateTime} from '../i18n.js';
import {navigate, path} from '../router.js';
import {forgetMeta, slug} from '../meta.js';
import {button, confirmDialog, statusBadge, toast} from '../ui.js';
import {refreshBell} from './bell.js';

const DOCSTATUS = {0: 'Draft', 1: 'Submitted', 2: 'Cancelled'};

// Renders the header and footer of `form` into `main` around `body` (the laid-out controls).
// `extraActions(form)` adds screen-specific buttons. Returns {cleanup, canLeave} for the router.
export function formPage(main, form, body, {extraActions = () => [], onSaved = null,
                                             title = null} = {}) {
  const meta = form.meta;
  const header = h('div', {class: 'page-header'});
  const info = h('dl', {class: 'doc-info'});
  const wrapper = h('form', {class: 'doc-form', novalidate: true, 'aria-labelledby': 'page-title'},
                    form.banner, body, info);
  wrapper.addEventListener('submit', (event) => {
    event.preventDefault();
    run(save, 'form.saved');
  });
  // Ctrl+S / Cmd+S saves, as in Frappe.
  const onKey = (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (canSave()) run(save, 'form.saved');
    }
  };
  document.addEventListener('keydown', onKey);
  main.append(header, wrapper);

  let busy = false;
  let dirtyShown = false;
  async function run(action, doneKey) {
    if (busy) return;
    busy = true;
    main.setAttribute('aria-busy', 'true');
    try {
      const wasNew = form.isNew;
      await action();
      if (meta.name === 'DocType') forgetMeta(form.doc.name);
      toast(t(doneKey), 'success');
      refreshBell();
      if (wasNew) {
        navigate(path('app', slug(meta.name), form.doc.name), {replace: true, force: true});
        return;
      }
      if (onSaved) onSaved(form.doc);
      renderHeader();
    } catch (err) {
      form.showError(err);
    } finally {
      busy = false;
      main.removeAttribute('aria-busy');
    }
  }

  const save = () => form.save();
  const readOnlyType = Number(meta.read_only) === 1;
  const canSave = () => !readOnlyType &&
      (form.isNew || form.docstatus() === 0 || (form.docstatus() === 1 &&
                                               form.hasEditableAfterSubmit()));

  function renderHeader() {
    dirtyShown = form.isDirty();
    const name = form.isNew ? t('form.new_title', {doctype: doctypeLabel(meta.name)}) :
                              form.doc.name;
    const actions = [];
    if (canSave()) {
      actions.push(button(form.docstatus() === 1 ? t('action.update') : t('action.save'),
                          () => run(save, 'form.saved'), {kind: 'primary', 'data-action': 'save'}));
    }
    if (!form.isNew && Number(meta.is_submittable) && form.docstatus() === 0) {
      actions.push(button(t('action.submit'), async () => {
        if (await confirmDialog(t('action.submit'), t('form.confirm_submit'))) {
          run(() => form.transition(1), 'form.submitted');
        }
      }, {'data-action': 'submit'}));
    }
    if (!form.isNew && Number(meta.is_submittable) && form.docstatus() === 1) {
      actions.push(button(t('action.cancel_doc'), async () => {
        if (await confirmDialog(t('action.cancel_doc'), t('form.confirm_cancel'))) {
          run(() => form.transition(2), 'form.cancelled');
        }
      }, {kind: 'danger', 'data-action': 'cancel'}));
    }
    actions.push(...extraActions(form));
    if (!form.isNew && !readOnlyType && form.docstatus() !== 1) {
      actions.push(button(t('action.delete'), async () => {
        if (!await confirmDialog(t('action.delete'), t('form.confirm_delete',
                                                         {name: form.doc.name}))) {
          return;
        }
        try {
          await deleteDoc(meta.name, form.doc.name);
          toast(t('form.deleted'), 'success');
          navigate(path('app', slug(meta.name)), {force: true});
        } catch (err) {
          form.showError(err);
        }
      }, {kind: 'danger-text', 'data-action': 'delete'}));
    }
    const badge = Number(meta.is_submittable) && !form.isNew ?
        statusBadge(DOCSTATUS[form.docstatus()]) : null;
    if (form.isDirty()) actions.unshift(h('span', {class: 'badge dirty', text: t('form.unsaved')}));
    clear(header).append(
        h('nav', {class: 'breadcrumb', 'aria-label': t('nav.breadcrumb')},
          h('a', {href: path('app', slug(meta.name)), text: doctypeLabel(meta.name)})),
        h('div', {class: 'title-row'}, h('h1', {id: 'page-title', tabindex: '-1'}, title || name),
          badge),
        h('div', {class: 'page-actions'}, actions));
    clear(info);
    if (!form.isNew) {
      for (const [key, value] of [['form.owner', form.doc.owner],
                                  ['form.created', formatDateTime(form.doc.creation)],
                                  ['form.modified', formatDateTime(form.doc.modified)],
                                  ['form.modified_by', form.doc.modified_by]]) {
        if (value) info.append(h('dt', {text: t(key)}), h('dd', {text: value}));
      }
    }
  }

  form.applyReadOnly();
  form.markClean();
  const previousOnChange = form.onChange;
  form.onChange = (fieldname) => {
    if (previousOnChange) previousOnChange(fieldname);
    if (form.isDirty() !== dirtyShown) {
      dirtyShown = form.isDirty();
      renderHeader();
    }
  };
  renderHeader();
  return {
    cleanup: () => document.removeEventListener('keydown', onKey),
    canLeave: ({silent = false} = {}) => {
      if (!form.isDirty()) return true;
      return silent ? false : window.confirm(t('form.leave_unsaved'));
    },
    renderHeader,
  };
}
