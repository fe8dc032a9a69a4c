import SodiumKit

extension SealedBox.KeyPair {
    /// The data key in a grant envelope as an attacker holding this key pair takes it: the
    /// first 32 bytes of the opened box (the rest is the binding the vault checks).
    func openKey(_ envelope: [UInt8]) throws -> SecureBytes {
        try open(envelope).slice(0..<32)
    }
}
