// The seed guide's flow in the browser (issue 6's proof): log in, create the Incoming Webhook URL,
// create the guide's notification, check its errors as you type, preview it, test it, create an
// Issue, see the message at the Mattermost receiver and the bell's count go up, open the
// deliveries.
import {assert, atPath, hidden, textMatches, visible, waitFor} from '../lib/check.mjs';
import {evalError, renderError} from '../lib/processes.mjs';

export const WEBHOOK = 'Tickets Mattermost';
export const NOTIFICATION = 'Nouveau ticket';
// The guide's message, section 4.3.
export const GUIDE_MESSAGE = '*Nouveau ticket*\n\nNouvelle demande n° {{ doc.name }}.\n\n' +
    '*Détails*\n\n• Client : {{ doc.customer }}\n• Sujet : {{ doc.subject }}\n' +
    '• Message : {{ doc.description }}';

function guideText(issue) {
  return `*Nouveau ticket*\n\nNouvelle demande n° ${issue.name}.\n\n*Détails*\n\n` +
         `• Client : ${issue.customer}\n• Sujet : ${issue.subject}\n• Message : ${issue.description}`;
}

// The text of every Mattermost message the mock received.
async function mattermostTexts(ctx) {
  return (await ctx.mock.requests('mattermost')).map((r) => {
    try {
      return JSON.parse(r.body).text || '';
    } catch {
      return '';
    }
  });
}

async function bellCount(page) {
  return Number(await page.locator('.bell-button').getAttribute('data-count'));
}

// Fills the generic form of a new Issue and saves it; resolves to the saved document's name.
async function createIssue(ctx, issue) {
  const {page} = ctx;
  await page.goto(`${ctx.base}/app/issue/new`);
  await page.getByLabel('Subject', {exact: true}).fill(issue.subject);
  await page.getByLabel('Customer').fill(issue.customer);
  await page.getByLabel('Description').fill(issue.description);
  await page.getByLabel('Status').selectOption(issue.status);
  await page.getByRole('button', {name: 'Save', exact: true}).click();
  await atPath(page, /^\/app\/issue\/ISS-/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}

export const guideFlowCases = [
  {
    name: 'log in (a wrong password is refused, then the page asked for opens)',
    always: true,  // Every other case needs the session.
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/notification`);
      await atPath(page, /^\/login\?next=%2Fapp%2Fnotification$/);
      await ctx.shot('login');
      await page.getByLabel('Email or user name').fill('Administrator');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', {name: 'Log in'}).click();
      await visible(page.getByRole('alert'));
      await page.getByLabel('Password').fill(ctx.adminPassword);
      await page.getByRole('button', {name: 'Log in'}).click();
      await atPath(page, /^\/app\/notification$/);
      await visible(page.getByRole('heading', {name: 'Notifications', level: 1}));
      await visible(page.getByRole('button', {name: 'Log out'}));
    },
  },
  {
    name: 'a first Issue through the generic form; a missing mandatory field is shown at the field',
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/issue/new`);
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      const subjectField = page.locator('.field[data-fieldname="subject"]');
      await textMatches(subjectField.locator('.field-error'), /Subject/);
      assert.equal(await page.getByLabel('Subject', {exact: true}).getAttribute('aria-invalid'),
                   'true');
      await ctx.shot('issue-form-error');
      ctx.state.closedIssue = {subject: 'Imprimante en panne', customer: 'Boulangerie Martin',
                               description: 'L’imprimante du comptoir ne répond plus.',
                               status: 'Closed'};
      ctx.state.closedIssue.name = await createIssue(ctx, ctx.state.closedIssue);
      await page.goto(`${ctx.base}/app/issue?status=Closed`);
      await textMatches(page.locator('table.data tbody'), ctx.state.closedIssue.name);
      await ctx.shot('issue-list');
    },
  },
  {
    name: 'create the Incoming Webhook URL (seed guide 2); the list masks the URL',
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/incoming-webhook-url`);
      await page.getByRole('link', {name: 'Add Incoming Webhook URL'}).click();
      await atPath(page, /^\/app\/incoming-webhook-url\/new$/);
      ctx.state.webhookUrl = `${ctx.mock.chatUrl('mattermost')}/hooks/ticketsabc123`;
      await page.getByLabel('Name', {exact: true}).fill(WEBHOOK);
      await page.getByLabel('Service').selectOption('Mattermost');
      await page.getByLabel('Webhook URL', {exact: true}).fill(ctx.state.webhookUrl);
      await ctx.shot('webhook-form');
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      await atPath(page, /^\/app\/incoming-webhook-url\/Tickets%20Mattermost$/);
      await page.goto(`${ctx.base}/app/incoming-webhook-url`);
      const row = page.locator('table.data tbody tr', {hasText: WEBHOOK});
      await visible(row);
      const shown = await row.textContent();
      assert.ok(!shown.includes('ticketsabc123'), `the list shows the secret URL: ${shown}`);
      await ctx.shot('webhook-list');
    },
  },
  {
    name: 'send a test message from the webhook form: the receiver gets it and the outcome shows',
    needs: ['webhook.send_test_message'],
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/incoming-webhook-url/Tickets%20Mattermost`);
      await page.getByRole('button', {name: 'Send test message'}).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Message').fill('Bonjour depuis crier');
      await dialog.getByRole('button', {name: 'Send', exact: true}).click();
      const outcome = await visible(dialog.locator('.outcome'));
      assert.equal(await outcome.getAttribute('data-outcome'), 'success');
      await waitFor(async () => (await mattermostTexts(ctx)).some((t) => t.includes('Bonjour depuis crier')),
                    {what: 'the test message at the receiver'});
      await ctx.shot('webhook-test-message');
      await dialog.getByRole('button', {name: 'Close', exact: true}).first().click();
    },
  },
  {
    name: 'create the guide\'s notification (Issue, New, doc.status=="Open", message 4.3, system ' +
          'notification); dependent fields come from Issue',
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/notification`);
      await page.getByRole('link', {name: 'Add Notification'}).click();
      await atPath(page, /^\/app\/notification\/new$/);
      await page.getByLabel('Name', {exact: true}).fill(NOTIFICATION);
      assert.ok(await page.getByLabel('Enabled').isChecked());
      await page.getByLabel('Channel').selectOption('External Collaboration Tool');
      await page.getByLabel('Collaboration Tool Incoming Webhook URL').fill(WEBHOOK);
      await page.getByLabel('Subject', {exact: true}).fill('Nouveau ticket {{ doc.name }}');
      await page.getByLabel('Document Type').selectOption('Issue');
      // Each event offers the fields it needs, from the chosen DocType.
      const event = page.getByLabel('Send Alert On');
      await event.selectOption('Days Before');
      await waitFor(async () => (await page.getByLabel('Reference Date', {exact: true}).locator('option')
          .allTextContents()).some((t) => t.includes('(due_date)')), {what: 'due_date offered'});
      assert.ok(await page.getByLabel('Days Before or After').isVisible());
      await event.selectOption('Value Change');
      const changed = await page.getByLabel('Value Changed').locator('option').allTextContents();
      assert.ok(changed.some((t) => t.includes('(status)')), `Value Changed offers ${changed}`);
      assert.ok(!(await page.getByLabel('Reference Date', {exact: true}).isVisible()));
      const setProperty = await page.getByLabel('Set Property After Alert').locator('option')
          .allTextContents();
      assert.ok(setProperty.some((t) => t.includes('(priority)')));
      await event.selectOption('New');
      await hidden(page.getByLabel('Value Changed'));
      await page.getByLabel('Send System Notification').check();
      await page.getByLabel('Condition', {exact: true}).fill('doc.status=="Open"');
      await page.getByRole('textbox', {name: 'Message', exact: true}).fill(GUIDE_MESSAGE);
      // The bell of every System Manager rings.
      await page.getByRole('button', {name: 'Add row'}).click();
      await page.getByLabel('Receiver By Role').fill('System Manager');
      await ctx.shot('notification-form-new');
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      await atPath(page, /^\/app\/notification\/Nouveau%20ticket$/);
      await visible(page.getByRole('button', {name: 'Test this notification'}));
      await ctx.shot('notification-form');
      await page.goto(`${ctx.base}/app/notification`);
      const row = page.locator('table.data tbody tr', {hasText: NOTIFICATION});
      await textMatches(row, /Issue.*New.*External Collaboration Tool.*Yes/);
      await ctx.shot('notification-list');
    },
  },
  {
    name: 'a wrong condition and a broken template show their error at their line and column',
    needs: ['notification.validate'],
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/notification/Nouveau%20ticket`);
      // The notification's condition (section Filters), not the recipients rows' own Condition.
      const conditionField = page.getByRole('region', {name: 'Filters'})
          .locator('.field[data-fieldname="condition"]');
      const condition = conditionField.getByLabel('Condition', {exact: true});
      const wrong = 'doc.status == "Open" and (\n  doc.total >> )';
      await condition.fill(wrong);
      const expected = evalError(ctx.crierBinary, wrong);
      assert.ok(expected && expected.line, `crier eval should refuse ${wrong}`);
      const location = await visible(conditionField.locator('.error-location'));
      assert.equal(Number(await location.getAttribute('data-line')), expected.line);
      assert.equal(Number(await location.getAttribute('data-column')), expected.column);
      await textMatches(location, `Line ${expected.line}, column ${expected.column}`);
      await textMatches(conditionField.locator('.code-gutter .line.error'), String(expected.line));
      // Activating the message puts the caret at the error.
      await location.click();
      const caret = await condition.evaluate((el) => el.selectionStart);
      const lines = wrong.split('\n');
      const offset = lines.slice(0, expected.line - 1).reduce((n, l) => n + l.length + 1, 0) +
                     expected.column - 1;
      assert.equal(caret, Math.min(offset, wrong.length));
      await ctx.shot('notification-condition-error');
      // A template error, in the message, on its own line.
      const message = page.getByRole('textbox', {name: 'Message', exact: true});
      const broken = `${GUIDE_MESSAGE}\n{% if doc.total %}Montant : {{ doc.total }}`;
      await message.fill(broken);
      const renderExpected = renderError(ctx.crierBinary, broken);
      assert.ok(renderExpected && renderExpected.line, 'crier render should refuse the template');
      const messageField = page.locator('.field[data-fieldname="message"]');
      const messageLocation = await visible(messageField.locator('.error-location'));
      assert.equal(Number(await messageLocation.getAttribute('data-line')), renderExpected.line);
      await ctx.shot('notification-template-error');
      // Putting the right text back clears both.
      await condition.fill('doc.status=="Open"');
      await message.fill(GUIDE_MESSAGE);
      await hidden(conditionField.locator('.error-location'));
      await hidden(messageField.locator('.error-location'));
    },
  },
  {
    name: 'preview renders subject and message against a chosen Issue and sends nothing',
    needs: ['notification.preview'],
    async run(ctx) {
      const {page} = ctx;
      const before = (await ctx.mock.requests('mattermost')).length;
      await page.goto(`${ctx.base}/app/notification/Nouveau%20ticket`);
      const panel = page.locator('.preview-panel');
      await panel.getByLabel('Document').fill(ctx.state.closedIssue.name);
      await panel.getByRole('button', {name: 'Preview'}).click();
      await textMatches(panel.locator('.preview-message'), guideText(ctx.state.closedIssue));
      await textMatches(panel.locator('.preview-subject'), `Nouveau ticket ${ctx.state.closedIssue.name}`);
      await textMatches(panel.locator('.meets'), 'No');
      await ctx.shot('notification-preview');
      assert.equal((await ctx.mock.requests('mattermost')).length, before);
    },
  },
  {
    name: '"Test this notification" sends for a chosen Issue and shows the delivery\'s real outcome',
    needs: ['notification.send_test'],
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/notification/Nouveau%20ticket`);
      await page.getByRole('button', {name: 'Test this notification'}).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Select a document').fill(ctx.state.closedIssue.name);
      await dialog.getByRole('button', {name: 'Send', exact: true}).click();
      const outcome = await visible(dialog.locator('.outcome'));
      assert.equal(await outcome.getAttribute('data-outcome'), 'success',
                   await outcome.textContent());
      const texts = await mattermostTexts(ctx);
      assert.ok(texts.some((t) => t.includes(guideText(ctx.state.closedIssue))),
                `the receiver got: ${JSON.stringify(texts)}`);
      await ctx.shot('notification-test');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'creating an Issue delivers the guide\'s message to Mattermost and the bell count goes up',
    needs: ['notification_log.unread_count', 'delivery.retry'],
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app`);
      const before = await waitFor(async () => {
        const n = await bellCount(page);
        return Number.isNaN(n) ? null : {n};
      }, {what: 'the bell count'});
      const issue = {subject: 'Écran noir au démarrage', customer: 'Garage Dupont',
                     description: 'Le poste de l’atelier affiche un écran noir.', status: 'Open'};
      issue.name = await createIssue(ctx, issue);
      ctx.state.openIssue = issue;
      await waitFor(async () => (await mattermostTexts(ctx)).some((t) => t.includes(guideText(issue))),
                    {timeoutMs: 30_000, what: 'the guide\'s message at the receiver'});
      await waitFor(async () => (await bellCount(page)) > before.n,
                    {timeoutMs: 30_000, what: 'the bell count going up'});
      await ctx.shot('bell-count');
    },
  },
  {
    name: 'the bell lists the notification, links to the Issue, and marks it read',
    needs: ['notification_log.unread_count', 'notification_log.mark_read'],
    async run(ctx) {
      const {page} = ctx;
      const issue = ctx.state.openIssue;
      assert.ok(issue, 'needs the Issue of the previous case');
      const count = await bellCount(page);
      await page.locator('.bell-button').click();
      const entry = page.locator('.bell-list li.unread', {hasText: issue.name});
      await visible(entry);
      await ctx.shot('bell-dropdown');
      await entry.getByRole('button', {name: /Mark .* as read/}).click();
      await waitFor(async () => (await bellCount(page)) === count - 1, {what: 'count down by one'});
      await visible(page.locator('.bell-list li.read', {hasText: issue.name}));
      await page.locator('.bell-list li', {hasText: issue.name}).getByRole('link').click();
      await atPath(page, new RegExp(`^/app/issue/${issue.name}$`));
      await visible(page.getByRole('heading', {name: issue.name, level: 1}));
    },
  },
  {
    name: 'the delivery list shows the deliveries of the webhook, filtered by webhook and document',
    needs: ['delivery.retry'],
    async run(ctx) {
      const {page} = ctx;
      const issue = ctx.state.openIssue;
      assert.ok(issue, 'needs the Issue of a previous case');
      await page.goto(`${ctx.base}/app/webhook-delivery`);
      await page.getByLabel('Webhook').selectOption(WEBHOOK);
      await atPath(page, /webhook=Tickets(%20|\+)Mattermost/);
      const row = page.locator('table.data tbody tr', {hasText: issue.name});
      await textMatches(row, /Delivered/);
      await ctx.shot('deliveries');
      await page.getByLabel('Document name').fill(issue.name);
      await waitFor(async () => (await page.locator('table.data tbody tr').count()) >= 1 &&
                        (await page.locator('table.data tbody tr').allTextContents())
                            .every((t) => t.includes(issue.name)),
                    {what: 'only the Issue\'s deliveries'});
      await row.getByRole('link').first().click();
      await atPath(page, /^\/app\/webhook-delivery\/[^/]+$/);
      await textMatches(page.locator('pre.code-block'), `Nouvelle demande n° ${issue.name}.`);
      await ctx.shot('delivery-detail');
    },
  },
];
