import Foundation
import SodiumKit

/// How a ``VaultServer`` runs: where it listens, TLS and session limits. Its time is the vault's
/// (``ZZKVault/Vault/clock``), so sessions, back-off and the schedule agree with what the library stamps.
public struct ServerConfiguration: Sendable {
    /// The TLS certificate chain and private key (PEM files).
    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var privateKey: String
        public init(certificate: String, privateKey: String) {
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    public var listen: ListenAddress
    /// nil: plain HTTP, allowed on a loopback address only.
    public var tls: TLSFiles?
    /// A session with no request for this long is ended and its keys erased (default 15 min).
    public var idleTimeout: TimeInterval
    /// A session is ended this long after login whatever it does (default 8 h).
    public var lifetime: TimeInterval
    /// How often the scheduled work runs: expired sessions are swept (their keys erased even
    /// when no request comes), lapsed grants revoked at the change of day, checkpoints exported.
    public var sweepInterval: TimeInterval
    /// The login back-off: first delay after a failure, doubling up to `maximumBackoff`.
    public var firstBackoff: TimeInterval
    public var maximumBackoff: TimeInterval
    /// Failures before back-off starts, per login and per address.
    public var freeAttempts: Int
    /// Where a signed checkpoint is written every `checkpointInterval` (e.g. the IOD's storage); nil: none.
    public var checkpointsTo: URL?
    public var checkpointInterval: TimeInterval = 3600
    /// The Argon2id profile of the slots of users added through the server.
    public var newUserProfile: Argon2id.Profile

    public init(
        listen: ListenAddress, tls: TLSFiles? = nil, idleTimeout: TimeInterval = 15 * 60, lifetime: TimeInterval = 8 * 3600,
        sweepInterval: TimeInterval = 30, firstBackoff: TimeInterval = 1, maximumBackoff: TimeInterval = 15 * 60, freeAttempts: Int = 3,
        newUserProfile: Argon2id.Profile = .interactive
    ) {
        self.newUserProfile = newUserProfile
        self.listen = listen
        self.tls = tls
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.sweepInterval = sweepInterval
        self.firstBackoff = firstBackoff
        self.maximumBackoff = maximumBackoff
        self.freeAttempts = freeAttempts
    }

    /// Throws ``ServerSetupError`` when the configuration may not run (plain HTTP off loopback).
    public func validate() throws(ServerSetupError) {
        if tls == nil, !listen.isLoopback { throw .plainHTTPOffLoopback(listen) }
        guard idleTimeout > 0, lifetime > 0, idleTimeout <= lifetime else { throw .badLimits }
    }
}
