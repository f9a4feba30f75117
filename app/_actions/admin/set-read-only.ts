'use server'
// Console → Settings → Enter / Leave read-only mode, with a reason. Never refused by read-only
// mode itself (operation null): it is the way out.
import { adminAction } from '@/app/_server/action'
import { setReadOnly, setReadOnlyInput } from '@/lib/admin/set-read-only'
import { formBoolean } from '@/lib/http/form-data'

export const setReadOnlyAction = adminAction({
  name: 'admin-set-read-only',
  operation: null,
  input: setReadOnlyInput.extend({ enabled: formBoolean() }),
  run: setReadOnly,
})
