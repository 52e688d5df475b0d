// E2E: 党建 in real Chromium. At 375 px a branch secretary sees his branch's month open on the 三会一课 calendar,
// records the 支委会, signs in through the meeting's QR sign-in link on his phone (once), and the calendar turns
// green. The desktop calendar shows the demo branch that missed two 支委会 in red. No party page scrolls sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { e2eStart, e2eStop, newPage, tid, shot, PHONE, noSideways, ADMIN_PASSWORD } from './lib.mjs'
import { Client, makeUser } from '../api/lib.mjs'

let srv, browser, admin
before(async () => ({ srv, browser, admin } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

const bureauToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

test('375 px: a secretary records the month\'s 支委会 with QR sign-in and the calendar turns green', async () => {
  const day = bureauToday()
  const year = day.slice(0, 4)
  const committee = (await admin.ok('/party/orgs')).items.find((o) => o.kind === '党委')
  const r = await admin.post('/party/orgs', { parent_id: committee.id, kind: '党支部', name: '后勤党支部', founded_on: `${year}-01-01`, unit_ids: [] })
  assert.equal(r.status, 201, r.text)
  const branch = r.json
  // a staff member (self scope) who is the branch's 书记: he sees exactly this branch
  const srvLike = { client: () => new Client(srv.base) }
  const sec = await makeUser(srvLike, admin, { username: 'houqin_sec', name: '钱志红', unit: 'WLZX', roles: ['staff'] })
  const m = await admin.post('/party/members', { name: '钱志红', user_id: sec.id, org_id: branch.id, status: '正式', role: '书记', joined_on: '2006-07-01', full_on: '2007-07-01' })
  assert.equal(m.status, 201, m.text)

  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await page.goto('/login')
  await page.locator(`input${tid('login-username')}, ${tid('login-username')} input`).first().fill('houqin_sec')
  await page.locator(`input${tid('login-password')}, ${tid('login-password')} input`).first().fill(sec.password)
  await page.locator(tid('login-submit')).click()
  await page.waitForURL(/\/index$/)
  await page.goto('/party/schedule')
  const cell = page.locator(tid(`cell-committee-${branch.id}-${day.slice(0, 8)}01`))
  await cell.waitFor()
  assert.equal(await cell.getAttribute('data-state'), 'open', 'this month\'s 支委会 is not held yet')
  await noSideways(page, '三会一课日历')
  await shot(page, 'party-phone-schedule-before')

  await page.goto('/party/meetings')
  await page.locator(tid('party-new-meeting')).click()
  const form = page.locator(tid('party-meeting-form'))
  await form.waitFor()
  await page.locator(`input${tid('mf-topic')}, ${tid('mf-topic')} input`).first().fill('研究本月党建和业务重点工作')
  await noSideways(page, '记录会议')
  await shot(page, 'party-phone-meeting-form')
  await page.locator(tid('mf-save')).click()
  await page.waitForURL(/\/party\/meeting\/\d+$/)
  await page.locator(tid('party-qr')).waitFor()
  assert.equal(await page.locator(tid('party-present')).textContent(), '0')
  await noSideways(page, '会议详情')
  await shot(page, 'party-phone-meeting')

  // the QR code holds this link; the secretary's phone opens it and signs in, once
  const link = await page.locator(tid('party-signin-link')).textContent()
  assert.match(link, /\/party\/signin\/\d+\?t=[\w-]{16,}$/)
  await page.goto(link)
  await page.locator(tid('party-signin')).click()
  await page.locator(tid('party-signed')).waitFor()
  await shot(page, 'party-phone-signed')
  await page.goto(link)
  await page.locator(tid('party-signin')).click()
  await page.locator(tid('party-signin-error')).filter({ hasText: '已签到' }).waitFor()

  await page.goto('/party/schedule')
  await cell.waitFor()
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'held',
    `[data-testid="cell-committee-${branch.id}-${day.slice(0, 8)}01"]`)
  await noSideways(page, '三会一课日历（已召开）')
  await shot(page, 'party-phone-schedule-after')
  const id = Number(link.match(/signin\/(\d+)/)[1])
  const rec = await admin.ok(`/party/meetings/${id}`)
  assert.equal(rec.present, 1)
  assert.ok(rec.attendance.find((a) => a.name === '钱志红').signed_at)
  for (const [path, idt, name] of [['/party/orgs', 'party-members', 'orgs'], ['/party/assess', 'party-assess', 'assess'], ['/party/meetings', 'party-meetings', 'meetings'], ['/party/learning', 'party-learning', 'learning']]) {
    await page.goto(path)
    await page.locator(tid(idt)).waitFor()
    await page.waitForLoadState('networkidle')
    await noSideways(page, path)
    await shot(page, 'party-phone-' + name)
  }
  assert.deepEqual(errors.filter((e) => !/409|Conflict/.test(e)), [])
  await context.close()
})

test('desktop: the demo calendar shows 市场党支部\'s missed 支委会 in red', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await page.goto('/login')
  await page.locator(`input${tid('login-username')}, ${tid('login-username')} input`).first().fill('admin')
  await page.locator(`input${tid('login-password')}, ${tid('login-password')} input`).first().fill(ADMIN_PASSWORD)
  await page.locator(tid('login-submit')).click()
  await page.waitForURL(/\/index$/)
  const sc = (await admin.ok('/party/orgs')).items.find((o) => o.name === '市场党支部')
  await page.goto('/party/schedule')
  await page.locator('.card', { hasText: '市场党支部' }).click()
  const year = bureauToday().slice(0, 4)
  const march = page.locator(tid(`cell-committee-${sc.id}-${year}-03-01`))
  await march.waitFor()
  const month = Number(bureauToday().slice(5, 7))
  if (month > 3) assert.equal(await march.getAttribute('data-state'), 'missed')
  await shot(page, 'party-desktop-schedule')
  await page.goto('/party/meetings')
  await page.locator(tid('party-meetings')).waitFor()
  await page.waitForLoadState('networkidle')
  await shot(page, 'party-desktop-meetings')
  await page.goto('/party/orgs')
  await page.locator(tid('party-members')).waitFor()
  await page.waitForLoadState('networkidle')
  await shot(page, 'party-desktop-orgs')
  await page.goto('/party/assess')
  await page.locator(tid('party-assess')).locator('tbody tr').first().waitFor()
  await page.waitForLoadState('networkidle')
  await shot(page, 'party-desktop-assess')
  await page.goto('/party/learning')
  await page.locator(tid('party-learning')).locator('tbody tr').first().waitFor()
  await page.waitForLoadState('networkidle')
  await shot(page, 'party-desktop-learning')
  await context.close()
})
