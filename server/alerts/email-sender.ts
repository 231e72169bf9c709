/**
 * An e-mail delivery over SMTP (nodemailer): the message's subject and text to the contact's
 * addresses, the JSON in an `X-Cockpit-Group` header for mail filters. Without an SMTP server
 * configured (COCKPIT_SMTP_URL) every e-mail fails, and so waits in the outbox, saying so.
 */
import { createTransport, type Transporter } from 'nodemailer'
import type { ContactRow } from './contact-store.ts'
import { subjectOf, textOf, type NotificationMessage } from './notification-message.ts'

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://…; undefined when e-mail is not configured. */
  url?: string
  from: string
}

export function emailSender(smtp: SmtpSettings): (contact: ContactRow, message: NotificationMessage) => Promise<void> {
  let transport: Transporter | undefined
  return async (contact, message) => {
    if (smtp.url === undefined) throw new Error('no SMTP server configured (COCKPIT_SMTP_URL)')
    transport ??= createTransport(smtp.url)
    const { to } = JSON.parse(contact.target) as { to: string[] }
    await transport.sendMail({ from: smtp.from, to, subject: subjectOf(message), text: textOf(message), headers: { 'X-Cockpit-Group': message.group.key } })
  }
}
