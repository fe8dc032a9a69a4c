import Hummingbird
import NIOCore
import ZZKVault

/// The context of one request: the client's address and, once the session middleware has
/// found it, the caller's working session.
public struct ZZKRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, or "-" when the channel has none (the in-process test client).
    public let remoteAddress: String
    /// The caller's working session, set by ``SessionMiddleware``.
    var workingSession: WorkingSession?
    /// The session id from the cookie, set with ``workingSession``.
    var sessionID: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress ?? "-"
    }

    /// The caller's session, or 401.
    func requireSession() throws -> WorkingSession {
        guard let workingSession else { throw Problem.notLoggedIn }
        return workingSession
    }
}
