import Foundation
import SodiumKit
import TestSupport
import ZZKVault

/// End to end: `zzk read` as a separate process, from start to exit, for a specialist whose
/// key slot uses the `interactive` Argon2id profile; and what part of it is the KDF.
enum CLIBench {
    struct Result {
        var read: Samples
        var kdf: Samples
        var start: Samples
    }

    static func run(zzk: URL, runs: Int) throws -> Result {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let login = "kdfpolice"
        try admin.addUser(login: login, role: .specialist, name: "Mariusz Ścibor", cooperantID: Subject.cooperant,
                          passphrase: Fixtures.passphrase(for: login), profile: .interactive)
        try admin.authorise(Fixtures.authorisation(login, categories: ["*"], until: "2099-12-31"))
        let subject = try Subject.create(in: fixture, member: login)
        var environment = ProcessInfo.processInfo.environment
        environment["ZZK_PASSPHRASE"] = "\(login) passphrase 123"
        func launch(_ arguments: [String]) throws -> Double {
            let process = Process()
            process.executableURL = zzk
            process.arguments = arguments
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let (_, time) = try timed {
                try process.run()
                process.waitUntilExit()
            }
            guard process.terminationStatus == 0 else { throw BenchFailure("zzk \(arguments.first ?? "") exited \(process.terminationStatus)") }
            return time
        }
        var result = Result(read: Samples(), kdf: Samples(), start: Samples())
        let read = ["read", subject.personID, "--purpose", Subject.purpose, "--vault", fixture.url.path, "--user", login]
        _ = try launch(read)
        for _ in 0..<runs {
            result.read.add(try launch(read))
            result.start.add(try launch(["--help"]))
            let password = try SecureBytes(copying: Array("\(login) passphrase 123".utf8))
            let salt = Random.bytes(Argon2id.saltLength)
            result.kdf.add(try timed { _ = try Argon2id.deriveKey(length: 32, password: password, salt: salt, parameters: Argon2id.Profile.interactive.parameters) }.1)
        }
        return result
    }
}
