// Public keys made by ssh-keygen (OpenSSH 9.2) with the fingerprints `ssh-keygen -lf` printed
// for them, and a known_hosts file hashed by `ssh-keygen -H`: ground truth from OpenSSH itself.

export const ED25519 = {
  line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAPX+GTuKZG4D7qra5LsUqiCFrh5IE9+0GtsfJnhMUeu',
  sha256: 'SHA256:FGe804CtBcqr9vkPiU7/dXasULh2YxE9U1IyFUMGXco'
}
export const ECDSA = {
  line: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFC78mfLXnXowhc5TrECXVu/EwZydYmQATyjUnyPOzvxkMpzq216bcc8Nrd98UoEsmNLpHH9a//x1Mye9QyjXyU=',
  sha256: 'SHA256:XmDRrdVQul0VqLVW9Jx+Cly8pJfrTq/ceBrpch3QoPo'
}
export const RSA = {
  line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDbRBaqYaqM2TIWrPLrpQya43TIcmapGo6nhrWmzemq7LGqI8i0+KUgzfK+bq33vcy+5FIdFvyxcQaFaOaBlo/cYrB0vYkmStYFrF4cihbIhx2VcS+SyD/2FqqcKkMaJaA80/YEkvkAnExBNjlSTB9sZk60L0zW7eF1mf4LRu3xLw==',
  sha256: 'SHA256:RD7l5bWvJhCcttnlY3e6eJ2y4KB1WvtxPza15Has19E'
}

/** `ssh-keygen -H` of "[hv-01.example]:2222 <ED25519>" and "mail.example <ECDSA>". */
export const HASHED_BY_OPENSSH = [
  `|1|+sdau25xWe024BaNZe+wsHToxAw=|s2sKYMNR0uQx9brsoeXMXAQL/V4= ${ED25519.line}`,
  `|1|pqOD8n7U921KakGHoRpu9vWdizQ=|cFLRlI0Ucs/6BTOp+1HQbf+EwVA= ${ECDSA.line}`
].join('\n')

export function blobOf(line: string): Buffer {
  return Buffer.from(line.split(' ')[1] as string, 'base64')
}
