// E2E trust: the watermark on personal-data pages survives removal, 校验日志链 finds a row changed in the database file,
// and the 工作日历 page shows the holiday arrangement, keeps an edited day and computes working days.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'

const run = promisify(execFile)
const WM = '[data-watermark]'
let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

const benign = (errors) => errors.filter((e) => !/401|Failed to load resource/.test(e))

/** The watermark layer is attached to <body>, shown, click-through, and its canvas tile is painted. */
async function watermarkState(page) {
  return page.evaluate((sel) => {
    const all = document.querySelectorAll(sel)
    const el = all[0]
    if (!el || el.parentNode !== document.body) return { present: false, count: all.length }
    const cs = getComputedStyle(el)
    return {
      present: true, count: all.length, text: el.getAttribute('data-text'), display: cs.display, visibility: cs.visibility, opacity: cs.opacity,
      pointer: cs.pointerEvents, image: cs.backgroundImage.slice(0, 26), position: cs.position,
    }
  }, WM)
}
async function waitWatermarkBack(page) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel)
    if (!el || el.parentNode !== document.body) return false
    const cs = getComputedStyle(el)
    return cs.display !== 'none' && cs.visibility === 'visible' && cs.opacity === '1' && cs.backgroundImage.startsWith('url(')
  }, WM, { polling: 50 }) // it must come back; how fast is not a functional property
}

test('watermark on 用户管理 with the viewer, re-created after removal or hiding', async () => {
  const { page, context, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()))
  const { name, username } = me.user
  assert.ok(name, 'admin has a 姓名')
  // No watermark on the dashboard (nothing personal there).
  assert.equal((await watermarkState(page)).present, false)

  await page.locator(tid('menu-system')).click()
  await page.locator(tid('menu-user')).click()
  await page.waitForURL(/\/system\/user$/)
  await page.locator(tid('user-table') + ' .el-table__row').first().waitFor()
  await page.locator(WM).waitFor({ state: 'attached' })
  let wm = await watermarkState(page)
  assert.equal(wm.present, true)
  assert.equal(wm.count, 1)
  assert.ok(wm.text.includes(name) && wm.text.includes(username), `watermark names the viewer: ${wm.text}`)
  assert.match(wm.text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  assert.equal(wm.pointer, 'none')
  assert.equal(wm.position, 'fixed')
  assert.match(wm.image, /^url\("data:image\/png/)
  // Clicks go through it.
  await page.locator(tid('user-search')).click()
  await shot(page, 'trust-watermark-users')

  // Removed by script: back.
  await page.evaluate((sel) => document.querySelector(sel).remove(), WM)
  await waitWatermarkBack(page)
  // Hidden through its style: back.
  await page.evaluate((sel) => { document.querySelector(sel).style.display = 'none' }, WM)
  await waitWatermarkBack(page)
  await page.evaluate((sel) => { document.querySelector(sel).setAttribute('style', 'opacity:0') }, WM)
  await waitWatermarkBack(page)
  await page.evaluate((sel) => { document.querySelector(sel).style.visibility = 'hidden' }, WM)
  await waitWatermarkBack(page)
  // A stylesheet rule that hides it is caught by the periodic check.
  await page.evaluate((sel) => { const s = document.createElement('style'); s.id = 'wm-kill'; s.textContent = `${sel}{display:none!important}`; document.head.appendChild(s) }, WM)
  await waitWatermarkBack(page) // the periodic check puts it back in front of the rule
  wm = await watermarkState(page)
  assert.equal(wm.present, true)
  assert.equal(wm.count, 1, 'never more than one layer')

  // The audit, login log and online pages carry it too; leaving for a page without personal data removes it.
  for (const m of ['operlog', 'logininfor', 'online']) {
    await page.goto('/monitor/' + m)
    await page.locator(WM).waitFor({ state: 'attached' })
  }
  await page.goto('/index')
  await page.locator(tid('dashboard')).waitFor()
  await page.waitForFunction((sel) => !document.querySelector(sel), WM)
  assert.deepEqual(benign(errors), [])
  await context.close()
})

test('操作日志 → 校验日志链: complete, then a row changed in the database file is named', async () => {
  const { page, context, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.goto('/monitor/operlog')
  await page.locator(tid('audit-table') + ' .el-table__row').first().waitFor()
  await page.locator(tid('audit-verify')).click()
  await page.locator(tid('audit-verify-progress') + ' .el-progress').waitFor()
  const result = page.locator(tid('audit-verify-result'))
  await result.waitFor()
  let text = await result.innerText()
  assert.match(text, /日志链完整（操作日志 \d+ 行，登录日志 \d+ 行）/)
  assert.match(text, /[0-9a-f]{64}/, 'head hash shown')
  assert.match(await result.getAttribute('class'), /\bok\b/)
  await page.mouse.move(0, 0)
  await shot(page, 'trust-audit-verify-ok')

  // Break the chain in the test's own database file, under the running server.
  await run('sqlite3', ['-cmd', '.timeout 5000', srv.db, "DROP TRIGGER audit_no_update; UPDATE audit_log SET summary='x' WHERE id=1"])
  await page.locator(tid('audit-verify')).click()
  await page.locator(tid('audit-verify-progress')).waitFor()
  await page.locator(tid('audit-verify-result') + '.bad').waitFor()
  text = await result.innerText()
  assert.match(text, /日志链已被破坏/)
  assert.match(text, /日志链已被破坏：操作日志编号 1 的记录/)
  assert.match(await page.locator(tid('audit-verify-audit_log')).innerText(), /操作日志：第一处断裂在编号 1 的记录（\d{4}-\d{2}-\d{2} [\d:]+）/)
  assert.match(await page.locator(tid('audit-verify-login_log')).innerText(), /登录日志：\d+ 行/)
  await page.mouse.move(0, 0)
  await shot(page, 'trust-audit-verify-broken')
  assert.deepEqual(benign(errors), [])
  await context.close()
})

test('工作日历: 2026 holidays shown, a day edited in the dialog stays, working-day arithmetic', async () => {
  const { page, context, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.locator(tid('menu-system')).click()
  await page.locator(tid('menu-calendar')).click()
  await page.waitForURL(/\/system\/calendar/)
  await page.goto('/system/calendar?year=2026')
  const feb16 = page.locator(tid('cal-day-2026-02-16'))
  await feb16.waitFor()
  await page.locator(tid('cal-day-2026-02-16') + '[data-kind="法定节假日"]').waitFor()
  assert.match(await feb16.innerText(), /春节/)
  assert.match(await feb16.getAttribute('class'), /\bholiday\b/)
  assert.equal(await page.locator(tid('cal-day-2026-02-14')).getAttribute('data-kind'), '调休上班')
  assert.match(await page.locator(tid('cal-day-2026-02-14')).getAttribute('class'), /\bmakeup\b/)
  assert.match(await page.locator(tid('cal-day-2026-03-07')).getAttribute('class'), /\bweekend\b/) // an ordinary Saturday
  assert.match(await page.locator(tid('cal-day-2026-03-09')).getAttribute('class'), /\bwork\b/)
  const before = Number(await page.locator(tid('cal-working-days')).innerText())
  const api = await page.evaluate(() => fetch('/api/v1/org/calendar?year=2026').then((r) => r.json()))
  assert.equal(before, api.working_days)
  await shot(page, 'trust-calendar-desktop')

  // 2026-12-31 (a Thursday) → 法定节假日 through the dialog; it stays after a reload and the count drops by one.
  await page.locator(tid('cal-day-2026-12-31')).click()
  const dlg = page.locator(tid('cal-dialog'))
  await dlg.waitFor()
  await dlg.locator(tid('cal-kind-holiday')).click()
  await inputOf(page, 'cal-form-name').fill('测试假日')
  await dlg.locator(tid('cal-save')).click()
  await dlg.waitFor({ state: 'hidden' })
  await page.reload()
  await page.locator(tid('cal-day-2026-12-31') + '[data-kind="法定节假日"]').waitFor()
  assert.match(await page.locator(tid('cal-day-2026-12-31')).innerText(), /测试假日/)
  assert.equal(Number(await page.locator(tid('cal-working-days')).innerText()), before - 1)

  // 工作日计算: 2026-02-13 (Fri) + 2 working days: 02-14 is a make-up Saturday, then the holiday week → 2026-02-24.
  const from = inputOf(page, 'cal-calc-from')
  await from.fill('2026-02-13')
  await from.press('Enter')
  const add = inputOf(page, 'cal-calc-add')
  await add.fill('2')
  await add.press('Tab')
  await page.locator(tid('cal-calc-add-go')).click()
  await page.locator(tid('cal-calc-add-result')).waitFor()
  assert.match(await page.locator(tid('cal-calc-add-result')).innerText(), /2026-02-24/)

  // 导入: a file with a bad row shows the per-row report and writes nothing.
  const bad = join(tmpdir(), `calendar-bad-${process.pid}.csv`)
  await writeFile(bad, '日期,类型,名称\n2027-01-01,法定节假日,元旦\n2027-02-30,法定节假日,坏日期\n2027-01-04,歇业,坏类型\n')
  await page.locator(tid('cal-import')).click()
  const imp = page.locator(tid('import-dialog'))
  await imp.waitFor()
  assert.equal(await imp.locator(tid('import-keep-valid')).count(), 0, 'calendar import is all or nothing')
  await imp.locator('input[type=file]').setInputFiles(bad)
  await imp.locator(tid('import-submit')).click()
  const errs = imp.locator(tid('import-errors'))
  await errs.waitFor()
  const errText = await errs.innerText()
  assert.match(errText, /日期/)
  assert.match(errText, /类型/)
  await shot(page, 'trust-calendar-import-errors')
  await imp.locator('.el-dialog__headerbtn').click()
  await imp.waitFor({ state: 'hidden' })
  const y2027 = await page.evaluate(() => fetch('/api/v1/org/calendar?year=2027').then((r) => r.json()))
  assert.equal(y2027.items.filter((i) => i.day === '2027-01-01').length, 0, 'nothing written')

  // Restore the default for 12-31 and the count comes back.
  await page.locator(tid('cal-day-2026-12-31')).click()
  await dlg.waitFor()
  await dlg.locator(tid('cal-restore')).click()
  await dlg.waitFor({ state: 'hidden' })
  await page.locator(tid('cal-day-2026-12-31') + '[data-kind="工作日"]').waitFor()
  assert.equal(Number(await page.locator(tid('cal-working-days')).innerText()), before)
  assert.deepEqual(benign(errors), [])
  await context.close()
})

test('工作日历 at 375 px: months stack in one column', async () => {
  const { page, context, errors } = await newPage(browser, srv.base, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
  await loginOk(page)
  await page.goto('/system/calendar?year=2026')
  await page.locator(tid('cal-day-2026-02-16') + '[data-kind="法定节假日"]').waitFor()
  const boxes = await Promise.all([1, 2].map((m) => page.locator(tid('cal-month-' + m)).boundingBox()))
  assert.ok(boxes[1].y > boxes[0].y + boxes[0].height - 1, 'February below January')
  assert.ok(Math.abs(boxes[1].x - boxes[0].x) < 2)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, 'no horizontal scrolling')
  await shot(page, 'trust-calendar-phone-top')
  await page.locator(tid('cal-month-2')).scrollIntoViewIfNeeded()
  await shot(page, 'trust-calendar-phone')
  // The day dialog fits the phone.
  await page.locator(tid('cal-day-2026-02-16')).click()
  const dlg = page.locator(tid('cal-dialog'))
  await dlg.waitFor()
  const box = await dlg.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 375, 'dialog inside the screen')
  assert.equal(await inputOf(page, 'cal-form-name').inputValue(), '春节')
  await page.waitForTimeout(400) // let the dialog finish opening
  await shot(page, 'trust-calendar-phone-dialog')
  await page.keyboard.press('Escape')
  await dlg.waitFor({ state: 'hidden' })
  assert.deepEqual(benign(errors), [])
  await context.close()
})
