// The rest of issue 6's screens: DocTypes with fields added in the browser, documents through
// Save / Submit / Cancel with a child table, the Error Log, the language switch, a phone-sized
// screen, keyboard use and labels, and log out.
import {assert, atPath, hidden, textMatches, visible, waitFor} from '../lib/check.mjs';

// Adds a row to the Fields table of a DocType form and fills it.
async function addField(page, {fieldname, label, fieldtype, options = null, reqd = false}) {
  const table = page.locator('.field-table[data-fieldname="fields"]');
  await table.getByRole('button', {name: 'Add row'}).click();
  const row = table.locator('.child-row').last();
  await row.getByLabel('Fieldname').fill(fieldname);
  await row.getByLabel('Label', {exact: true}).fill(label);
  await row.getByLabel('Fieldtype').selectOption(fieldtype);
  if (options) await row.getByLabel('Options').fill(options);
  if (reqd) await row.getByLabel('Mandatory').check();
}

async function newDocType(ctx, name, {submittable = false, childTable = false, fields}) {
  const {page} = ctx;
  await page.goto(`${ctx.base}/app/doctype`);
  await page.getByRole('link', {name: 'Add DocType'}).click();
  await atPath(page, /^\/app\/doctype\/new$/);
  await page.getByLabel('Name', {exact: true}).fill(name);
  if (submittable) await page.getByLabel('Is Submittable').check();
  if (childTable) await page.getByLabel('Is Child Table').check();
  for (const f of fields) await addField(page, f);
  await ctx.shot(`doctype-${name.toLowerCase().replace(/\s+/g, '-')}`);
  await page.getByRole('button', {name: 'Save', exact: true}).click();
  await atPath(page, new RegExp(`^/app/doctype/${encodeURIComponent(name)}$`));
}

// Every visible form control on the page has an accessible name (a <label>, aria-label or
// aria-labelledby): returns the ones that do not.
function unlabelled(page) {
  return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') &&
                      !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 120)));
}

export const screenCases = [
  {
    name: 'a System Manager adds DocTypes and their fields (a child table and a submittable one)',
    async run(ctx) {
      await newDocType(ctx, 'Expense Line', {childTable: true, fields: [
        {fieldname: 'item', label: 'Item', fieldtype: 'Data', reqd: true},
        {fieldname: 'amount', label: 'Amount', fieldtype: 'Currency'},
      ]});
      await newDocType(ctx, 'Expense Claim', {submittable: true, fields: [
        {fieldname: 'title', label: 'Title', fieldtype: 'Data', reqd: true},
        {fieldname: 'category', label: 'Category', fieldtype: 'Select',
         options: 'Travel\nMeals\nOffice'},
        {fieldname: 'expense_date', label: 'Expense Date', fieldtype: 'Date'},
        {fieldname: 'lines', label: 'Lines', fieldtype: 'Table', options: 'Expense Line'},
      ]});
      await ctx.page.goto(`${ctx.base}/app/doctype`);
      await textMatches(ctx.page.locator('table.data tbody'), 'Expense Claim');
      await ctx.shot('doctype-list');
    },
  },
  {
    name: 'a document of the new DocType: generated form, child rows, Save, Submit, Cancel',
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/expense-claim`);
      await page.getByRole('link', {name: 'Add Expense Claim'}).click();
      await page.getByLabel('Title', {exact: true}).fill('Déplacement à Lyon');
      await page.getByLabel('Category').selectOption('Travel');
      await page.getByLabel('Expense Date').fill('2025-03-14');
      const lines = page.locator('.field-table[data-fieldname="lines"]');
      for (const [item, amount] of [['Train', '84.5'], ['', '120']]) {
        await lines.getByRole('button', {name: 'Add row'}).click();
        const row = lines.locator('.child-row').last();
        await row.getByLabel('Item').fill(item);
        await row.getByLabel('Amount').fill(amount);
      }
      assert.equal(await page.locator('[data-action="submit"]').count(), 0);
      // The second row lacks its mandatory Item: the server's error is shown in that row.
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      const secondItem = lines.locator('.child-row').nth(1).locator('.field[data-fieldname="item"]');
      await textMatches(secondItem.locator('.field-error'), /Item/);
      assert.ok(await secondItem.locator('input').evaluate((el) => el === document.activeElement));
      await ctx.shot('document-row-error');
      await secondItem.locator('input').fill('Hôtel');
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      await atPath(page, /^\/app\/expense-claim\/[^/]+$/);
      await textMatches(page.locator('.title-row .badge'), 'Draft');
      assert.equal(await lines.locator('.child-row').count(), 2);
      assert.equal(await lines.locator('.child-row').first().getByLabel('Item').inputValue(),
                   'Train');
      await ctx.shot('document-draft');
      await page.getByRole('button', {name: 'Submit', exact: true}).click();
      await page.getByRole('dialog').getByRole('button', {name: 'Confirm'}).click();
      await textMatches(page.locator('.title-row .badge'), 'Submitted');
      assert.ok(await page.getByLabel('Title', {exact: true}).evaluate((el) => el.readOnly));
      assert.equal(await page.locator('[data-action="save"]').count(), 0);
      await ctx.shot('document-submitted');
      await page.getByRole('button', {name: 'Cancel document'}).click();
      await page.getByRole('dialog').getByRole('button', {name: 'Confirm'}).click();
      await textMatches(page.locator('.title-row .badge'), 'Cancelled');
      assert.equal(await page.locator('[data-action="cancel"]').count(), 0);
      await page.goto(`${ctx.base}/app/expense-claim?category=Travel`);
      await textMatches(page.locator('table.data tbody'), 'Déplacement à Lyon');
      await ctx.shot('document-list');
    },
  },
  {
    name: 'the Error Log lists a condition that failed on a document, and shows it in full',
    needs: ['notification.validate'],
    async run(ctx) {
      const {page} = ctx;
      // A condition that compiles but fails on an Issue without a customer.
      await page.goto(`${ctx.base}/app/notification/new`);
      await page.getByLabel('Name', {exact: true}).fill('Client VIP');
      await page.getByLabel('Channel').selectOption('System Notification');
      await page.getByLabel('Document Type').selectOption('Issue');
      await page.getByLabel('Send Alert On').selectOption('New');
      await page.getByLabel('Condition', {exact: true}).fill('doc.customer.upper() == "VIP"');
      await page.getByRole('textbox', {name: 'Message', exact: true}).fill('Client VIP : {{ doc.subject }}');
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      await atPath(page, /^\/app\/notification\/Client%20VIP$/);
      await page.goto(`${ctx.base}/app/issue/new`);
      await page.getByLabel('Subject', {exact: true}).fill('Sans client');
      await page.getByRole('button', {name: 'Save', exact: true}).click();
      await atPath(page, /^\/app\/issue\/ISS-/);
      await page.goto(`${ctx.base}/app/error-log`);
      const row = page.locator('table.data tbody tr').first();
      await textMatches(row, 'Issue');
      await ctx.shot('error-log');
      await row.getByRole('link').first().click();
      await atPath(page, /^\/app\/error-log\/[^/]+$/);
      await textMatches(page.locator('pre.code-block'), /Client VIP|upper/);
      await ctx.shot('error-log-detail');
    },
  },
  {
    name: 'switching the language changes the labels (French and back)',
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app/notification/Nouveau%20ticket`);
      await visible(page.getByLabel('Send Alert On'));
      await page.getByLabel('Language').selectOption('fr');
      await waitFor(async () => (await page.getAttribute('html', 'lang')) === 'fr', {what: 'lang'});
      await visible(page.getByRole('link', {name: 'Envois'}));
      await visible(page.getByRole('button', {name: 'Se déconnecter'}));
      await visible(page.getByRole('heading', {name: 'Filtres'}));
      await visible(page.getByLabel('Envoyer une alerte lors de l’événement'));
      await visible(page.getByRole('button', {name: 'Tester cette notification'}));
      await textMatches(page.getByLabel('Canal').locator('option:checked'),
                        'Outil de collaboration externe');
      await ctx.shot('notification-form-fr');
      await page.goto(`${ctx.base}/app/incoming-webhook-url`);
      await visible(page.getByRole('heading', {name: 'URL de webhook entrant', level: 1}));
      await ctx.shot('webhook-list-fr');
      // The choice survives a reload; the switch brings English back.
      await page.reload();
      await visible(page.getByRole('link', {name: 'Envois'}));
      await page.getByLabel('Langue').selectOption('en');
      await visible(page.getByRole('link', {name: 'Deliveries'}));
      await visible(page.getByRole('heading', {name: 'Incoming Webhook URLs', level: 1}));
    },
  },
  {
    name: 'usable on a phone-sized screen: folded menu, one column, nothing wider than the screen',
    async run(ctx) {
      const phone = await ctx.context.newPage();
      try {
        await phone.setViewportSize({width: 390, height: 844});
        for (const [name, url] of [['phone-notification', '/app/notification/Nouveau%20ticket'],
                                   ['phone-issue-list', '/app/issue'],
                                   ['phone-webhook', '/app/incoming-webhook-url/Tickets%20Mattermost']]) {
          await phone.goto(`${ctx.base}${url}`);
          await visible(phone.locator('#page-title'));
          const overflow = await phone.evaluate(() => document.documentElement.scrollWidth -
                                                      window.innerWidth);
          assert.ok(overflow <= 1, `${url} is ${overflow}px wider than the screen`);
          await ctx.shot(name, phone);
        }
        const menu = phone.getByRole('button', {name: 'Menu'});
        await visible(menu);
        await hidden(phone.getByRole('link', {name: 'Deliveries'}));
        await menu.click();
        await visible(phone.getByRole('link', {name: 'Deliveries'}));
        await ctx.shot('phone-menu', phone);
        await phone.getByRole('link', {name: 'Deliveries'}).click();
        await atPath(phone, /^\/app\/webhook-delivery$/);
      } finally {
        await phone.close();
      }
    },
  },
  {
    name: 'keyboard use: skip link, bell and dialogs by keyboard; every input has a label',
    async run(ctx) {
      const {page} = ctx;
      for (const url of ['/app', '/app/notification/Nouveau%20ticket', '/app/notification/new',
                         '/app/incoming-webhook-url/Tickets%20Mattermost', '/app/issue/new',
                         '/app/issue', '/app/webhook-delivery', '/app/error-log',
                         '/app/doctype/Expense%20Claim', '/app/expense-claim/new']) {
        await page.goto(`${ctx.base}${url}`);
        await visible(page.locator('#page-title'));
        assert.deepEqual(await unlabelled(page), [], `unlabelled inputs on ${url}`);
      }
      await page.goto(`${ctx.base}/app`);
      await visible(page.locator('#page-title'));
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => location.hash), '#main');
      // The bell opens with Enter and closes with Escape, giving focus back.
      await page.locator('.bell-button').focus();
      await page.keyboard.press('Enter');
      await visible(page.locator('.bell-panel'));
      assert.equal(await page.locator('.bell-button').getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Escape');
      await hidden(page.locator('.bell-panel'));
      assert.ok(await page.locator('.bell-button').evaluate((el) => el === document.activeElement));
    },
  },
  {
    name: 'log out ends the session: the app asks to log in again',
    async run(ctx) {
      const {page} = ctx;
      await page.goto(`${ctx.base}/app`);
      await page.getByRole('button', {name: 'Log out'}).click();
      await atPath(page, /^\/login/);
      await page.goto(`${ctx.base}/app/notification`);
      await atPath(page, /^\/login\?next=/);
      const r = await ctx.context.request.get(`${ctx.base}/api/resource/Notification`);
      assert.equal(r.status(), 401);
    },
  },
];
