/** A choice's card (an app, a plan): highlighted by CSS while its radio is checked (no JavaScript needed). */
export const CHOICE_CARD = [
  'block cursor-pointer rounded-lg p-4 ring-1 ring-slate-200',
  'has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-500',
  'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500',
].join(' ')
