// The hint under every field where a password is chosen (sign-up, the verification link, reset).
// The rule itself is lib/auth/password-policy.ts (server-only: it reads the common-password list);
// components/auth/password-hint.test.ts holds this text to its minimum length.
export const PASSWORD_HINT = 'At least 12 characters; common passwords are refused, even with digits or symbols added.'
