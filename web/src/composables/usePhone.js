// Phone width, one definition for every page: below 768 px CSS pixels pages show cards, stacked forms and drawers.
import { ref, computed } from 'vue'

export const PHONE_MAX = 767

const width = ref(typeof window !== 'undefined' ? window.innerWidth : 1280)
if (typeof window !== 'undefined') window.addEventListener('resize', () => { width.value = window.innerWidth }, { passive: true })

/** The window width in CSS pixels, reactive. */
export const windowWidth = width

const phone = computed(() => width.value <= PHONE_MAX)

/** usePhone() → a reactive boolean ref: true at phone width. Use `phone.value` in script, `phone` in templates. */
export function usePhone() { return phone }

/** isPhone() → the same test, read once (for code outside a component's setup). */
export const isPhone = () => width.value <= PHONE_MAX

/** A dialog's width: the given desktop width, or 94 % of the screen on a phone. */
export function dialogWidth(px) { return width.value <= PHONE_MAX ? '94%' : px }
