// E2E: 党建服务包 in real Chromium. At 375 px a branch's 副书记 opens his branch's service packages (cards, no sideways
// scrolling), opens one, records a visit with notes and a photo taken on the phone, and sees it in the visits with the
// photo; the server holds the visit and the file. On the desktop the 党费 grid, the packages' coverage and the
// 党支部+项目 page render without errors (screenshots for the eye).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { e2eStart, e2eStop, newPage, tid, inputOf, shot, login, loginOk, PHONE, noSideways, ADMIN_PASSWORD } from './lib.mjs'
import { Client, makeUser } from '../api/lib.mjs'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100ffff03000006000557bfab0000000049454e44ae426082', 'hex')
let env, srv, browser, admin
before(async () => { env = await e2eStart(); ({ srv, browser, admin } = env) })
after(async () => { if (env) await e2eStop(env) })

test('375 px: a branch secretary opens a 服务包 and records a visit with a photo', async () => {
  const shichang = (await admin.ok('/party/orgs')).items.find((o) => o.name === '市场党支部')
  // a staff member (self scope) made 副书记 of 市场党支部: he sees that branch and its packages only
  const sec = await makeUser({ client: () => new Client(srv.base) }, admin, { username: 'scb_fsj', name: '郑晓东', unit: 'SCB', roles: ['staff'] })
  const m = await admin.post('/party/members', { name: '郑晓东', user_id: sec.id, org_id: shichang.id, status: '正式', role: '副书记', joined_on: '2008-07-01', full_on: '2009-07-01' })
  assert.equal(m.status, 201, m.text)
  const pkgs = (await admin.ok(`/party/packages?org=${shichang.id}`)).items
  assert.equal(pkgs.length, 3)

  const { page, errors } = await newPage(browser, srv.base, PHONE)
  await login(page, 'scb_fsj', sec.password)
  await page.waitForURL(/\/index$/)
  await page.goto('/party/packages')
  const cards = page.locator(tid('party-package-card'))
  await cards.first().waitFor()
  assert.equal(await cards.count(), 3, 'his branch\'s three packages')
  await page.locator(tid('party-coverage')).waitFor()
  await noSideways(page, '党建服务包')
  await shot(page, 'party-phone-packages')

  const first = pkgs.find((p) => p.shop_name === (pkgs[0].shop_name))
  await cards.filter({ hasText: first.shop_name }).first().click()
  await page.waitForURL(new RegExp(`/party/package/${first.id}$`))
  await page.locator(tid('party-package')).waitFor()
  const visitsBefore = await page.locator(`${tid('party-visits')} .el-timeline-item`).count()
  await noSideways(page, '服务包详情')
  await shot(page, 'party-phone-package')

  await page.locator(tid('party-visit-add')).click()
  await page.locator(`${tid('party-visit-dialog')}, .el-dialog:has(${tid('party-visit-notes')})`).first().waitFor()
  const notes = '上门指导店主使用手机订货，帮助整理柜台陈列，店主已能独立扫码收款。'
  await inputOf(page, 'party-visit-notes').fill(notes)
  await page.locator(`input${tid('party-visit-photos')}`).setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: PNG })
  await noSideways(page, '记录走访')
  await shot(page, 'party-phone-visit-form')
  await page.locator(tid('party-visit-save')).click()
  await page.locator(`${tid('party-visits')} .el-timeline-item`).filter({ hasText: notes }).waitFor()
  assert.equal(await page.locator(`${tid('party-visits')} .el-timeline-item`).count(), visitsBefore + 1)
  await page.locator(`${tid('party-visits')} .el-timeline-item`).filter({ hasText: notes }).locator('img').waitFor()
  await noSideways(page, '服务包详情（走访后）')
  await shot(page, 'party-phone-package-visited')

  // the server holds it: the visit, who recorded it, and the photo's bytes
  const after = await admin.ok(`/party/packages/${first.id}`)
  const v = after.visit_list.find((x) => x.notes === notes)
  assert.ok(v, 'visit stored')
  assert.equal(v.by, '郑晓东')
  assert.equal(v.files.length, 1)
  const dl = await admin.get(`/party/packages/${first.id}/visits/${v.id}/files/${v.files[0].id}`)
  assert.equal(dl.status, 200)
  assert.equal(dl.buf.length, PNG.length)
  assert.deepEqual(errors, [])
})

test('desktop: 党费 grid, 服务包 coverage and 党支部+项目 render', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/party/dues')
  await page.locator(tid('party-dues-grid')).waitFor()
  await page.locator(`${tid('party-dues-grid')} .cell.paid`).first().waitFor()
  await shot(page, 'party-desktop-dues')
  await page.goto('/party/packages')
  await page.locator(`${tid('party-packages')} .el-table__row`).first().waitFor()
  assert.equal(await page.locator(`${tid('party-packages')} .el-table__row`).count(), 9)
  await shot(page, 'party-desktop-packages')
  await page.goto('/party/projects')
  await page.locator(`${tid('party-projects')} .pj`).first().waitFor()
  assert.equal(await page.locator(`${tid('party-projects')} .pj`).count(), 3)
  await shot(page, 'party-desktop-projects')
  assert.deepEqual(errors, [])
})

test('375 px: the 党费 page shows cards without sideways scrolling', async () => {
  const { page } = await newPage(browser, srv.base, PHONE)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/party/dues')
  await page.locator(`${tid('party-dues-cards')} .chip`).first().waitFor()
  await noSideways(page, '党费')
  await shot(page, 'party-phone-dues')
  await page.goto('/party/projects')
  await page.locator(`${tid('party-projects')} .pj`).first().waitFor()
  await noSideways(page, '党支部+项目')
})
