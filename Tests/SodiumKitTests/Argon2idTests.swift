import Testing
import SodiumKit

/// Argon2id key derivation: published known answers, determinism and the cost profiles.
///
/// About the known answers: RFC 9106 section 5.3's Argon2id vector uses a secret value K, associated
/// data X and 4 lanes, none of which libsodium's `crypto_pwhash` accepts, so it cannot be used here.
/// The PHC reference `src/test.c` Argon2id vectors use the 8-byte salt "somesalt", which
/// `crypto_pwhash` (16-byte salts only) rejects. The vectors below are the ones libsodium publishes
/// for `crypto_pwhash` with Argon2id v1.3, one lane, no secret and no associated data:
/// `test/default/pwhash_argon2id.c`, function `tv()`, entries [0] and [6], with the expected
/// outputs in `test/default/pwhash_argon2id.exp` (lines 1 and 6). The test decodes the salt hex
/// into a 16-byte buffer, so only its first 16 bytes are the salt; `memlimit` is in bytes and
/// libsodium passes `memlimit / 1024` KiB to Argon2. Both outputs were also reproduced
/// independently with the PHC reference implementation (argon2-cffi `hash_secret_raw`,
/// type ID, version 19, parallelism 1), not with the code under test.
@Suite("Argon2id")
struct Argon2idTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let password: String
        let passwordLength: Int
        let salt: String
        let outputLength: Int
        let opsLimit: UInt64
        let memLimit: UInt64
        let output: String
        var testDescription: String { name }
    }

    static let libsodiumTV0 = Vector(
        name: "libsodium pwhash_argon2id.c tv()[0]: 127-byte password, 155-byte output, t=5, 7256678 bytes",
        password: """
            a347ae92bce9f80f6f595a4480fc9c2fe7e7d7148d371e9487d75f5c23008ffae0\
            65577a928febd9b1973a5a95073acdbeb6a030cfc0d79caa2dc5cd011cef02c08d\
            a232d76d52dfbca38ca8dcbd665b17d1665f7cf5fe59772ec909733b24de97d6f5\
            8d220b20c60d7c07ec1fd93c52c31020300c6c1facd77937a597c7a6
            """,
        passwordLength: 127,
        salt: "5541fbc995d5c197ba290346d2c559de",  // first 16 bytes of 5541fbc9...9e74f5c2
        outputLength: 155, opsLimit: 5, memLimit: 7_256_678,
        output: """
            18acec5d6507739f203d1f5d9f1d862f7c2cdac4f19d2bdff64487e60d969e3ced615337b9eec6ac4461c6ca07f093\
            9741e57c24d0005c7ea171a0ee1e7348249d135b38f222e4dad7b9a033ed83f5ca27277393e316582033c74affe256\
            6a2bea47f91f0fd9fe49ece7e1f79f3ad6e9b23e0277c8ecc4b313225748dd2a80f5679534a0700e246a79a49b3f74\
            eb89ec6205fe1eeb941c73b1fcf1
            """)

    static let libsodiumTV6 = Vector(
        name: "libsodium pwhash_argon2id.c tv()[6]: 34-byte password, 231-byte output, t=1, 1631659 bytes",
        password: "b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b",
        passwordLength: 34,
        salt: "44071f6d181561670bda728d43fb79b4",  // first 16 bytes of 44071f6d...e01b15fb
        outputLength: 231, opsLimit: 1, memLimit: 1_631_659,
        output: """
            7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe973f5b5fee683bd3fce812cb9ae5e992\
            1a2d06c2f1905e4e839692f2b934b682f11a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f84\
            472bd7104fedce071ffa93c5309494ad51623d214447a7b2b1462dc7d5d55a1f6fd5b54ce024118d86f0c6489d1654\
            5aaa87b6689dad9f2fb47fda9894f8e12b87d978b483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e378\
            8d473441d884f9748eb14703c21b45d82fd667b85f5b2d98c13303b3fe76285531a826b6fc0fe8e3dddecf
            """)

    @Test("deriveKey reproduces libsodium's published Argon2id known answers", arguments: [libsodiumTV0, libsodiumTV6])
    func derivesPublishedKnownAnswer(vector: Vector) throws {
        #expect(hexBytes(vector.password).count == vector.passwordLength)
        let key = try Argon2id.deriveKey(
            length: vector.outputLength,
            password: SecureBytes(copying: hexBytes(vector.password)),
            salt: hexBytes(vector.salt),
            parameters: Argon2id.Parameters(opsLimit: vector.opsLimit, memLimit: vector.memLimit))
        #expect(key.count == vector.outputLength)
        #expect(hexString(plainBytes(key)) == hexString(hexBytes(vector.output)))
    }

    @Test("The same password and salt give the same key under the test profile")
    func sameInputsGiveSameKey() throws {
        let salt = Random.bytes(Argon2id.saltLength)
        let first = try Argon2id.deriveKey(
            length: 32, password: SecureBytes(copying: Array("correct horse".utf8)), salt: salt,
            parameters: Argon2id.Profile.test.parameters)
        let second = try Argon2id.deriveKey(
            length: 32, password: SecureBytes(copying: Array("correct horse".utf8)), salt: salt,
            parameters: Argon2id.Profile.test.parameters)
        #expect(first.count == 32)
        #expect(first.constantTimeEquals(second))
    }

    @Test("A different salt gives a different key")
    func differentSaltGivesDifferentKey() throws {
        let password = try SecureBytes(copying: Array("correct horse".utf8))
        let salt = Random.bytes(Argon2id.saltLength)
        let first = try Argon2id.deriveKey(length: 32, password: password, salt: salt, parameters: Argon2id.Profile.test.parameters)
        let second = try Argon2id.deriveKey(
            length: 32, password: password, salt: flipping(salt, at: 15), parameters: Argon2id.Profile.test.parameters)
        #expect(!first.constantTimeEquals(second))
    }

    @Test("A different password gives a different key")
    func differentPasswordGivesDifferentKey() throws {
        let salt = Random.bytes(Argon2id.saltLength)
        let first = try Argon2id.deriveKey(
            length: 32, password: SecureBytes(copying: Array("correct horse".utf8)), salt: salt,
            parameters: Argon2id.Profile.test.parameters)
        let second = try Argon2id.deriveKey(
            length: 32, password: SecureBytes(copying: Array("correct horsf".utf8)), salt: salt,
            parameters: Argon2id.Profile.test.parameters)
        #expect(!first.constantTimeEquals(second))
    }

    @Test("Different cost parameters give a different key")
    func differentParametersGiveDifferentKey() throws {
        let password = try SecureBytes(copying: Array("correct horse".utf8))
        let salt = Random.bytes(Argon2id.saltLength)
        let base = Argon2id.Profile.test.parameters
        let first = try Argon2id.deriveKey(length: 32, password: password, salt: salt, parameters: base)
        let more = Argon2id.Parameters(opsLimit: base.opsLimit + 1, memLimit: base.memLimit)
        let second = try Argon2id.deriveKey(length: 32, password: password, salt: salt, parameters: more)
        #expect(!first.constantTimeEquals(second))
    }

    @Test("An empty password is accepted and derives a key")
    func emptyPasswordDerives() throws {
        let key = try Argon2id.deriveKey(
            length: 32, password: SecureBytes(zeroedCount: 0), salt: Array(repeating: 7, count: 16),
            parameters: Argon2id.Profile.test.parameters)
        #expect(key.count == 32)
    }

    @Test("A salt that is not 16 bytes is rejected with invalidLength", arguments: [0, 8, 15, 17, 32])
    func wrongSaltLengthThrows(length: Int) throws {
        let password = try SecureBytes(copying: Array("pw".utf8))
        #expect(throws: SodiumError.invalidLength(what: "Argon2id salt", expected: 16, actual: length)) {
            try Argon2id.deriveKey(
                length: 32, password: password, salt: Array(repeating: 0, count: length),
                parameters: Argon2id.Profile.test.parameters)
        }
    }

    @Test("Parameters below libsodium's minimum fail with keyDerivationFailed")
    func parametersBelowMinimumFail() throws {
        let password = try SecureBytes(copying: Array("pw".utf8))
        #expect(throws: SodiumError.keyDerivationFailed(profile: "ops=0 mem=8192")) {
            try Argon2id.deriveKey(
                length: 32, password: password, salt: Array(repeating: 0, count: 16),
                parameters: Argon2id.Parameters(opsLimit: 0, memLimit: 8192))
        }
    }

    @Test("The profiles carry libsodium's INTERACTIVE, MODERATE, SENSITIVE and MIN limits")
    func profileParameters() {
        #expect(Argon2id.Profile.interactive.parameters == Argon2id.Parameters(opsLimit: 2, memLimit: 64 * 1024 * 1024))
        #expect(Argon2id.Profile.moderate.parameters == Argon2id.Parameters(opsLimit: 3, memLimit: 256 * 1024 * 1024))
        #expect(Argon2id.Profile.sensitive.parameters == Argon2id.Parameters(opsLimit: 4, memLimit: 1024 * 1024 * 1024))
        #expect(Argon2id.Profile.test.parameters == Argon2id.Parameters(opsLimit: 1, memLimit: 8 * 1024))
        #expect(Argon2id.Profile.allCases == [.interactive, .moderate, .sensitive, .test])
        #expect(Argon2id.saltLength == 16)
    }
}
