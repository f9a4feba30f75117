// Buttons that open and close a native <dialog> by Invoker Commands (`commandfor` + `command`):
// the browser does it, so it works without JavaScript. Where the browser does not know the
// commands yet (before Chrome 135, Firefox 144, Safari 26.2) and JavaScript runs, the click does
// the same through the dialog's own methods.
type DialogCommand = 'show-modal' | 'close'

function supportsCommands(): boolean {
  return typeof HTMLButtonElement !== 'undefined' && 'command' in HTMLButtonElement.prototype
}

/** Props for a `type="button"` that runs `action` on the dialog with id `dialogId`. */
export function dialogCommand(dialogId: string, action: DialogCommand, onClick?: () => void) {
  return {
    commandfor: dialogId,
    command: action,
    onClick: () => {
      onClick?.()
      if (supportsCommands()) return
      const dialog = document.getElementById(dialogId)
      if (!(dialog instanceof HTMLDialogElement)) return
      if (action === 'show-modal' && !dialog.open) dialog.showModal()
      else if (action === 'close') dialog.close()
    },
  } as Record<string, unknown> & { onClick: () => void }
}
