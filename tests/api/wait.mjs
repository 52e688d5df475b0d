// Waiting for an event in API tests: poll until a condition holds. The limit only stops a test that would otherwise
// hang (a broken server); it is generous on purpose — no test asserts how fast anything happens (speed is bench/'s).
import { sleep } from './lib.mjs'

/** Resolves fn()'s first truthy answer; throws naming `what` if none comes within timeoutMs. */
export async function until(what, fn, { timeoutMs = 120000, everyMs = 50 } = {}) {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(everyMs)
  }
}
