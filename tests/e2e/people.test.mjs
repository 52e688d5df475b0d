// E2E: 测评投票. An admin creates a 民主测评 in the page (1440 px), issues one-time codes to a voter group (QR codes shown
// once) and opens the vote; a voter opens his code's link on a 375 px phone without an account, grades the candidates
// and casts; the code then refuses a second cast; the admin closes the vote and reads the weighted result.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { e2eStart, e2eStop, newPage, loginOk, tid, inputOf, shot, PHONE } from './lib.mjs'

const DESK = { viewport: { width: 1440, height: 900 } }
let srv, browser, admin
before(async () => ({ srv, browser, admin } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

test('an admin runs a 民主测评; a voter casts on a 375 px phone from the QR link, once', async () => {
  const { context: ac, page: ap, errors: aerr } = await newPage(browser, srv.base, DESK)
  await loginOk(ap)
  await ap.goto('/people/votes')
  await ap.locator(tid('votes-new')).click()
  await inputOf(ap, 'new-title').fill('2025年度科室负责人民主测评')
  await inputOf(ap, 'new-cands').fill('张明\n李华\n王芳')
  await shot(ap, 'people-e2e-new-vote')
  await ap.locator(tid('new-save')).click()
  await ap.locator(tid('vote-drawer')).getByText('2025年度科室负责人民主测评').first().waitFor()
  assert.equal((await ap.locator(tid('vote-status')).textContent()).trim(), '草稿')
  await ap.locator(tid('issue-go')).click()
  await ap.locator(tid('codes-dialog')).waitFor()
  assert.equal(await ap.locator(tid('code-card')).count(), 10)
  assert.match(await ap.locator(`${tid('code-card')} img`).first().getAttribute('src'), /^data:image\/png;base64,/)
  const paths = await ap.locator(tid('code-link')).allTextContents()
  assert.ok(paths.every((p) => /^\/ballot\/[\w-]{16}$/.test(p)), paths.join(' '))
  await shot(ap, 'people-e2e-codes')
  await ap.locator(tid('codes-dialog')).getByRole('button', { name: '完成' }).click()
  await ap.locator(tid('vote-open')).click()
  await ap.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await ap.locator(tid('vote-status')).getByText('投票中').waitFor()

  // the voter's phone: no account, no menu
  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await page.goto(paths[0])
  await page.locator(tid('ballot-title')).getByText('2025年度科室负责人民主测评').waitFor()
  assert.equal(await page.locator('.el-menu').count(), 0, 'outside the signed-in layout')
  const box = (await admin.ok('/people/votes')).items.find((b) => b.title === '2025年度科室负责人民主测评')
  const cands = (await admin.ok(`/people/votes/${box.id}`)).candidate_list
  await page.locator(tid(`ballot-grade-${cands[0].id}-优秀`)).click()
  await page.locator(tid(`ballot-grade-${cands[1].id}-称职`)).click()
  await page.locator(tid(`ballot-grade-${cands[2].id}-基本称职`)).click()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 375, `no sideways scroll at 375 px (${width})`)
  await shot(page, 'people-e2e-ballot-phone')
  await page.locator(tid('ballot-submit')).click()
  await page.locator(tid('ballot-done')).waitFor()
  await shot(page, 'people-e2e-ballot-done-phone')
  // the same code again: refused
  await page.goto(paths[0])
  await page.locator(tid('ballot-invalid')).getByText('已投过票').waitFor()
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [])
  await context.close()

  // the admin closes and reads the result
  await ap.reload()
  await ap.locator(tid('votes-table')).getByText('2025年度科室负责人民主测评').click()
  await ap.locator(tid('vote-groups')).getByText('1 / 10').waitFor()
  await ap.locator(tid('vote-close')).click()
  await ap.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await ap.locator(tid('vote-results')).waitFor()
  await ap.locator(tid('vote-results')).getByText('称职').first().waitFor()
  const rows = ap.locator(`${tid('vote-results')} .el-table__body tr`)
  assert.equal(await rows.count(), 3)
  assert.match(await rows.first().textContent(), /张明.*100\.00/)
  await shot(ap, 'people-e2e-results')
  assert.deepEqual(aerr.filter((e) => !/Failed to load resource/.test(e)), [])
  await ac.close()
})

test('个人档案: an admin reads a demo person with his vote results, card and sanctions; 375 px without sideways scroll', async () => {
  const san = (await admin.ok('/people/sanctions')).items
  assert.ok(san.length >= 2, 'the demo has two sanctions')
  const uid = san[0].user_id
  const { context, page, errors } = await newPage(browser, srv.base, DESK)
  await loginOk(page)
  await page.goto(`/people/profile?id=${uid}&year=2025`)
  await page.locator(tid('profile-name')).getByText(san[0].user_name).waitFor()
  await page.locator(tid('profile-sanctions')).getByText(san[0].type).waitFor()
  await page.locator(tid('profile-card')).getByText('督办按期办结').waitFor()
  await shot(page, 'people-e2e-profile')
  // the 纪律 input links to the records behind it (its own row: the card lists more inputs after it)
  await page.locator(tid('profile-card')).locator('tr', { hasText: '纪律处分' }).getByRole('link', { name: '查看记录' }).click()
  await page.locator(tid('sanction-table')).getByText(san[0].reason).waitFor()
  assert.equal(await page.locator(`${tid('sanction-table')} .el-table__body tr`).count(), 1)
  await shot(page, 'people-e2e-sanctions')
  await page.goBack()
  await page.locator(tid('profile-card')).waitFor()
  await page.setViewportSize({ width: 375, height: 740 })
  await page.locator(tid('profile-card')).waitFor()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 375, `no sideways scroll at 375 px (${width})`)
  await shot(page, 'people-e2e-profile-phone')
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [])
  await context.close()
})
