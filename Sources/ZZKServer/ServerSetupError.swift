/// Why the server refuses to start. Each case says what to do instead.
public enum ServerSetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Plain HTTP was asked for on an address other machines can reach.
    case plainHTTPOffLoopback(ListenAddress)
    /// The session limits are not positive, or the idle limit exceeds the total.
    case badLimits
    /// A TLS certificate or key could not be loaded.
    case tlsUnusable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .plainHTTPOffLoopback(address):
            return "refusing to serve plain HTTP on \(address): other machines could read passphrases and case data. "
                + "Give a certificate: zzk serve --listen \(address) --tls-cert FILE --tls-key FILE, "
                + "or listen on a loopback address (--listen 127.0.0.1:\(address.port)) behind a TLS proxy"
        case .badLimits:
            return "the session limits must be positive and the idle limit no longer than the total; "
                + "e.g. --idle-minutes 15 --lifetime-hours 8"
        case let .tlsUnusable(path, reason):
            return "cannot use the TLS file '\(path)': \(reason). Give a PEM certificate chain with --tls-cert "
                + "and its PEM private key with --tls-key"
        }
    }
}
