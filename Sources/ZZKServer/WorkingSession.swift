import Foundation
import ZZKVault

/// One logged-in user's working session: the unlocked keys and the CSRF token bound to it.
///
/// The session id itself is not kept here: it is the cookie's bearer secret, and the
/// ``SessionRegistry`` finds sessions by its SHA-256 digest only.
struct WorkingSession: Sendable {
    /// The unlocked session; ``SessionHandle/close()`` erases its keys.
    let handle: SessionHandle
    /// Sent back in `X-CSRF-Token` with every state-changing request.
    let csrfToken: String
    let createdAt: Date
    /// The order in which sessions were opened (ties of `createdAt` broken).
    let serial: Int
    var lastSeen: Date
    /// The vault requires a second factor this user has not set up: until they do, the session
    /// may only set one up (or log out).
    var secondFactorPending: Bool
    /// A TOTP secret offered for setup and not yet confirmed with a code.
    var offeredSecret: String?

    var user: User { handle.user }
}
