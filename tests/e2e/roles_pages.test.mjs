// E2E: each demo role opens every page of its menu (read from web/src/pages/*.js, 大屏 included) and no page asks the
// server for what the role may not have: no 4xx/5xx answer, no failed request and no script error while it loads,
// and every icon draws (the phone's menu button did not: its icon was written as a tag the icon list did not hold). A
// page a role cannot open goes to 403 before it asks for anything and is not counted. Found: 用户管理 asked a 所长 for
// the role list (403), 大屏 asked a 普通员工 for the county picture (403), and 横向对比/指标矩阵 answered a 普通员工
// (本单位 only) 404 "单位不在您的数据范围内" on opening, because they started from the bureau's total.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, e2eStart, e2eStop, PHONE, menuPages, blankIcons } from './lib.mjs'

const DEMO_PASSWORD = 'Dem0#Roles-2026'
process.env.BUREAU_DEMO_PASSWORD = DEMO_PASSWORD // the demo staff's password, read by `bureau init --demo`
// [role code, unit code or null]: a 普通员工 (本单位 only), a 客户经理 in the field and a 所长 (the roles whose pages ask most
// often for what another role holds; 局领导 and 纪检 see nearly everything).
const ROLES = [['staff', 'WLZX'], ['customer_manager', null], ['dept_head', 'CQS']]

let srv, browser, admin
before(async () => ({ srv, browser, admin } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

/** The first demo user whose only role is code (in unit, when given). */
async function userOf(code, unit) {
  const roles = (await admin.ok('/org/roles?size=100')).items
  const role = roles.find((r) => r.code === code)
  assert.ok(role, `role ${code}`)
  let q = `/org/users?role_id=${role.id}&size=100`
  if (unit) q += `&unit_id=${(await admin.ok('/org/units?size=500')).items.find((u) => u.code === unit).id}`
  const u = (await admin.ok(q)).items.find((x) => x.roles.length === 1)
  assert.ok(u, `a demo user with only ${code}${unit ? ' in ' + unit : ''}`)
  return u
}

for (const [code, unit] of ROLES) {
  test(`${code}${unit ? ' in ' + unit : ''}: every page of the menu opens without a refused request`, async () => {
    const pages = await menuPages({ bare: true })
    const u = await userOf(code, unit)
    const { page, context } = await newPage(browser, srv.base, PHONE)
    const refused = []
    let at = '/login'
    page.on('response', (r) => { if (r.status() >= 400) refused.push(`${at}: ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`) })
    // A request cut off by our own next navigation (the live stream, say) is not a refusal.
    page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') refused.push(`${at}: failed ${new URL(r.url()).pathname} ${r.failure()?.errorText}`) })
    page.on('pageerror', (e) => refused.push(`${at}: ${String(e).slice(0, 200)}`))
    await login(page, u.username, DEMO_PASSWORD)
    await page.waitForURL(/\/index$/)
    let opened = 0
    for (const p of pages) {
      at = p
      await page.goto(p)
      await page.waitForLoadState('networkidle')
      if (new URL(page.url()).pathname === '/403') continue
      await page.waitForFunction(() => [...document.querySelectorAll('.el-loading-mask')].every((m) => getComputedStyle(m).display === 'none'))
      for (const b of await blankIcons(page)) refused.push(`${p}: icon not drawn ${b}`)
      opened++
    }
    at = 'end'
    assert.ok(opened >= 10, `${u.username} opened ${opened} pages`)
    assert.deepEqual(refused, [], `${u.username} (${code})`)
    await context.close()
  })
}
