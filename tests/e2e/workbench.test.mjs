// E2E: each demo role starts on its own 工作台 (admin, 局领导, 所长, 办公室, 客户经理). A demo user's password is reset by
// the admin through the API and changed at first login; from opening the login page to the cards, no request fails
// (no 401 from the session check, no 403 from polling during the forced change) and the console stays clean.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, loginOk, tid, inputOf, shot, e2eStart, e2eStop } from './lib.mjs'

let srv, browser, admin, roles
before(async () => {
  ;({ srv, browser, admin } = await e2eStart())
  roles = (await admin.ok('/org/roles?size=100')).items
})
after(() => e2eStop({ srv, browser }))

/** The first demo user holding role `code` in the unit named `unitName`, password reset to a temporary one. */
async function demoUser(code, unitName) {
  const role = roles.find((r) => r.code === code)
  assert.ok(role, 'demo role ' + code)
  const u = (await admin.ok(`/org/users?role_id=${role.id}&size=200`)).items.find((x) => x.unit_name === unitName)
  assert.ok(u, `a ${code} in ${unitName}`)
  const r = await admin.post(`/org/users/${u.id}/reset-password`, { password: 'Temp#Reset-77' })
  assert.equal(r.status, 200, r.text)
  return u
}

/** Signs in through the UI with the forced password change; returns the page on the 工作台 and the failures seen. */
async function open(u, opts = {}) {
  const { context, page, errors } = await newPage(browser, srv.base, opts)
  const failed = []
  page.on('response', (res) => { if (res.status() >= 400) failed.push(`${res.status()} ${res.request().method()} ${res.url()}`) })
  await login(page, u.username, 'Temp#Reset-77')
  await page.locator(tid('password-dialog')).waitFor()
  await inputOf(page, 'old-password').fill('Temp#Reset-77')
  await inputOf(page, 'new-password').fill('Work#Bench-2026')
  await inputOf(page, 'confirm-password').fill('Work#Bench-2026')
  await page.locator(tid('password-submit')).click()
  await page.locator(tid('password-dialog')).waitFor({ state: 'hidden' })
  await page.locator(tid('workbench')).waitFor()
  await page.locator('[data-testid^="card-"]').first().waitFor()
  return { context, page, errors, failed }
}

const cardKeys = (page) => page.locator('[data-testid^="card-"].work-card').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(5)))
const RANK = { red: 0, yellow: 1, green: 2, none: 3 }
async function tileLights(card) {
  return card.locator(tid('card-tile')).evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('light-')).slice(6)))
}
function clean(r) {
  assert.deepEqual(r.failed, [], 'no request failed')
  assert.deepEqual(r.errors, [], 'no console error')
}

test('admin: the 系统概况 card (today\'s dashboard)', async () => {
  const { context, page, errors } = await newPage(browser, srv.base)
  const failed = []
  page.on('response', (res) => { if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`) })
  await loginOk(page)
  const card = page.locator(tid('card-org.dashboard'))
  await card.locator(tid('stat-users')).waitFor()
  assert.equal((await cardKeys(page))[0], 'org.dashboard', 'the dashboard comes first')
  const users = (await admin.ok('/org/users?size=1')).total
  assert.match(await card.locator(tid('stat-users')).innerText(), new RegExp(String(users)))
  await shot(page, 'workbench-admin')
  clean({ failed, errors })
  await context.close()
})

test('局领导: key indicators red first, 督办 lights matching the 台账, 办结 waiting for his decision; no shop or admin cards', async () => {
  const u = await demoUser('leader', '局领导')
  const r = await open(u)
  const { page } = r
  const keys = await cardKeys(page)
  for (const k of ['cockpit.indicators', 'tasks.ledger', 'tasks.review']) assert.ok(keys.includes(k), `${k} in ${keys}`)
  for (const k of ['org.dashboard', 'shops.visit', 'tasks.todo']) assert.ok(!keys.includes(k), `${k} not in ${keys}`)
  const ind = page.locator(tid('card-cockpit.indicators'))
  const lights = await tileLights(ind)
  assert.ok(lights.length > 0, 'indicator tiles')
  for (let i = 1; i < lights.length; i++) assert.ok(RANK[lights[i - 1]] <= RANK[lights[i]], 'red first: ' + lights)
  // Each tile's light is 纵向对比's 年度累计 light of the same indicator and unit.
  for (let i = 0; i < lights.length; i++) {
    const q = new URL(await ind.locator(tid('card-tile')).nth(i).getAttribute('href'), srv.base).searchParams
    const v = await admin.ok(`/cockpit/vertical?indicator=${q.get('indicator')}&unit=${q.get('unit')}&months=12`)
    assert.equal(v.ytd.light, lights[i], q.get('indicator'))
  }
  // The ledger's tiles count what the 台账 lists under the same light (the leader sees the whole bureau, as admin does).
  const ledger = page.locator(tid('card-tasks.ledger'))
  const tiles = ledger.locator(tid('card-tile'))
  for (const [i, light] of [[0, 'red'], [1, 'yellow'], [2, 'green']]) {
    const want = (await admin.ok(`/tasks/tasks?light=${light}&size=1`)).total
    assert.match(await tiles.nth(i).locator('.wt-value').innerText(), new RegExp('^' + want + '\\b'), light)
  }
  const review = (await admin.ok(`/tasks/tasks?status=${encodeURIComponent('待审核')}&size=1`)).total
  assert.equal(await page.locator(tid('card-tasks.review')).locator(tid('card-item')).count(), Math.min(review, 8))
  await shot(page, 'workbench-leader')
  // A tile opens the 台账 filtered by its light.
  await tiles.nth(0).click()
  await page.waitForURL(/\/tasks\/board\?light=red$/)
  clean(r)
  await r.context.close()
})

test('所长: his unit\'s figures, his unit\'s 待办, shops to visit; 单位管理 in his menu', async () => {
  const u = await demoUser('dept_head', '城区专卖管理所')
  const r = await open(u)
  const { page } = r
  const keys = await cardKeys(page)
  for (const k of ['cockpit.indicators', 'tasks.todo', 'shops.visit']) assert.ok(keys.includes(k), `${k} in ${keys}`)
  for (const k of ['org.dashboard', 'tasks.ledger']) assert.ok(!keys.includes(k), `${k} not in ${keys}`)
  assert.match(await page.locator(tid('card-cockpit.indicators')).locator('.wc-title').innerText(), /城区专卖管理所/)
  assert.match(await page.locator(tid('card-tasks.todo')).locator('.wc-title').innerText(), /^本单位待办（\d+）$/)
  await page.locator(tid('menu-system')).click()
  await page.locator(tid('menu-unit')).waitFor()
  await shot(page, 'workbench-station-head')
  clean(r)
  await r.context.close()
})

test('办公室: the 督办 cards its role holds, within the whole bureau for 督办 holders', async () => {
  const u = await demoUser('dept_head', '办公室')
  const r = await open(u)
  const { page } = r
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()).user.perms)
  const keys = await cardKeys(page)
  const supervises = me.some((p) => p === 'tasks:task:supervise' || p === 'tasks:*:*' || p === '*:*:*')
  if (supervises) {
    assert.ok(keys.includes('tasks.ledger'), `tasks.ledger in ${keys}`)
    const want = (await admin.ok('/tasks/tasks?light=red&size=1')).total
    assert.match(await page.locator(tid('card-tasks.ledger')).locator(tid('card-tile')).first().innerText(), new RegExp(String(want)))
  } else {
    assert.ok(!keys.includes('tasks.ledger'), 'no 督办 permission, no 台账 card')
    assert.ok(keys.includes('tasks.todo'), `tasks.todo in ${keys}`)
  }
  // the shop cards follow the permission to assess shops, whatever the demo's grants give a 部门负责人
  const assesses = me.some((p) => p === 'shops:assess:add' || p === 'shops:*:*' || p === '*:*:*')
  assert.equal(keys.includes('shops.visit'), assesses, `shops.visit follows shops:assess:add (${keys})`)
  await shot(page, 'workbench-office')
  clean(r)
  await r.context.close()
})

test('客户经理 at 375 px: his tasks, his shops to visit (to the visit form), those most in need; no 单位管理, no sideways scroll', async () => {
  const u = await demoUser('customer_manager', '城区片区')
  const r = await open(u, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
  const { page } = r
  const keys = await cardKeys(page)
  for (const k of ['tasks.todo', 'shops.visit', 'shops.need']) assert.ok(keys.includes(k), `${k} in ${keys}`)
  for (const k of ['cockpit.indicators', 'tasks.ledger', 'org.dashboard']) assert.ok(!keys.includes(k), `${k} not in ${keys}`)
  assert.match(await page.locator(tid('card-tasks.todo')).locator('.wc-title').innerText(), /^我的待办（\d+）$/)
  const visit = page.locator(tid('card-shops.visit'))
  const n = +(/（(\d+)）/.exec(await visit.locator('.wc-title').innerText())[1])
  const mine = await admin.ok(`/shops?manager_id=${u.id}&status=${encodeURIComponent('正常')}&size=1`)
  assert.ok(n > 0 && n <= mine.total, `${n} to visit of his ${mine.total}`)
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(over <= 0, `scrolls sideways by ${over}px`)
  await shot(page, 'workbench-manager-375')
  await page.locator(tid('menu-toggle')).click()
  await page.locator('.menu-drawer').waitFor()
  assert.equal(await page.locator(tid('menu-unit')).count(), 0, 'no 单位管理 in his menu')
  await page.keyboard.press('Escape')
  await page.locator('.menu-drawer').waitFor({ state: 'hidden' })
  await visit.locator(tid('card-item')).first().locator('a').click()
  await page.waitForURL(/\/shops\/shop\/\d+\/assess$/)
  clean(r)
  await r.context.close()
})
