// Field errors from the API on the form item they belong to: a 400 naming error.field shows under that item.
import { reactive } from 'vue'

/**
 * useFormErrors(fields, aliases) → errors
 *  errors: reactive { field: '' } to bind as <el-form-item :error="errors.field">; pass { errors } to api.post/patch/put
 *          and a 400 whose error.field is one of these keys lands there instead of a toast.
 *  aliases: { apiField: formField } when the API names a field differently ("role_ids[2]" is matched by "role_ids").
 * errors.clear() empties them (before submitting again, or when the dialog opens).
 */
export function useFormErrors(fields, aliases = {}) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, ''])))
  Object.defineProperty(errors, 'clear', { enumerable: false, value: () => { for (const f of fields) errors[f] = '' } })
  Object.defineProperty(errors, 'aliases', { enumerable: false, value: aliases })
  return errors
}

/** Which key of errors an API error.field belongs to: itself, its alias, or its base before "[" or "." ("items[3].name" → "items"). */
export function errorKey(errors, field) {
  if (!field || !errors) return null
  if (field in errors) return field
  const al = errors.aliases && errors.aliases[field]
  if (al && al in errors) return al
  const base = String(field).split(/[[.]/)[0]
  if (base in errors) return base
  if (errors.aliases && errors.aliases[base] in errors) return errors.aliases[base]
  return null
}
