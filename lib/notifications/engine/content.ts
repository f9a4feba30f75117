/** What an email template produces (EmailContent) and what rendering it gives (RenderedEmail). */

export const PRODUCT_NAME = 'Tenancy'

export interface RenderContext {
  /** Absolute base URL of the application, without a trailing slash. */
  appUrl: string
  productName: string
}

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

/** What a template says; compose() renders it as text and HTML. Plain strings only, never markup. */
export interface EmailContent {
  subject: string
  /** The preview line mail clients show after the subject. */
  preheader: string
  heading: string
  paragraphs: string[]
  details?: [label: string, value: string][]
  action?: { label: string; url: string }
  /** Small print under the action (why you got this, what to do if it was not you). */
  footnote?: string
}
