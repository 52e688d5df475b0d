// Shared by the API tests that record visits: one valid answer per item of an assessment form (the second option, the
// first of a multi, the lower bound of the second number band), so a visit can be posted without knowing the template.
export function answersFrom(form) {
  const a = {}
  for (const d of form.template.dimensions) for (const it of d.items) {
    if (it.kind === 'yesno') a[it.code] = true
    else if (it.kind === 'single') a[it.code] = it.options[1].value
    else if (it.kind === 'multi') a[it.code] = [it.options[0].value]
    else if (it.kind === 'number') a[it.code] = it.bands[1].min
  }
  return a
}
