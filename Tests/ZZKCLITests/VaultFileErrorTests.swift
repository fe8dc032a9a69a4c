import Foundation
import Testing

/// A missing vault, unsafe permissions and missing passphrases: exit 1 with a message that
/// names the path and says how to fix it.
@Suite("Vault folder and passphrase problems (exit 1)")
struct VaultFileErrorTests {
    @Test("a missing vault folder exits 1 naming the path and zzk init")
    func missingVault() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let missing = box.root.appendingPathComponent("nie-ma-takiego-sejfu").path
        let result = try await box.run(["person", "list", "--purpose", "case_assessment", "--vault", missing, "--user", "admin", "--passphrase-file", try box.passphraseFile(for: "admin")])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no vault at '\(missing)'"), "\(result)")
        #expect(result.stderr.contains("zzk init --vault \(missing) --admin LOGIN"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: missing), "opening must not create the folder")
    }

    @Test("Keys readable by others (chmod 755) exits 1 naming the path and chmod 700")
    func keysFolderTooOpen() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let entries = try await box.auditEntryCount()
        #expect(chmod(box.keysURL.path, 0o755) == 0)
        let result = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("'\(box.keysURL.path)' has permissions 755"), "\(result)")
        #expect(result.stderr.contains("Fix with: chmod 700 \(box.keysURL.path)"), "\(result)")
        #expect(try await box.auditEntryCount() == entries)

        #expect(chmod(box.keysURL.path, 0o700) == 0)
        try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login).succeeded()
    }

    @Test("a signing key or database readable by others exits 1 naming the file and chmod 600")
    func filesTooOpen() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let key = box.keysURL.appendingPathComponent("audit-signing.key")
        #expect(chmod(key.path, 0o640) == 0)
        let keyResult = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(keyResult.status == 1, "\(keyResult)")
        #expect(keyResult.stderr.contains("'\(key.path)' has permissions 640"), "\(keyResult)")
        #expect(keyResult.stderr.contains("chmod 600 \(key.path)"), "\(keyResult)")
        #expect(chmod(key.path, 0o600) == 0)

        #expect(chmod(box.databaseURL.path, 0o644) == 0)
        let dbResult = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(dbResult.status == 1, "\(dbResult)")
        #expect(dbResult.stderr.contains("chmod 600 \(box.databaseURL.path)"), "\(dbResult)")
    }

    @Test("a Keys folder replaced by a symlink is refused")
    func keysSymlink() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let moved = box.root.appendingPathComponent("Keys-real")
        try FileManager.default.moveItem(at: box.keysURL, to: moved)
        try FileManager.default.createSymbolicLink(at: box.keysURL, withDestinationURL: moved)
        let result = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("'\(box.keysURL.path)' has permissions symlink"), "\(result)")
    }

    @Test("a passphrase file readable by others exits 1 naming the file and chmod 600, and is not used")
    func groupReadablePassphraseFile() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let file = try box.passphraseFile(for: Staff.worker.login)
        #expect(chmod(file, 0o640) == 0)
        let result = try await box.run(["person", "list", "--purpose", "case_assessment", "--vault", box.vault.path, "--user", Staff.worker.login, "--passphrase-file", file])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("'\(file)' has permissions 640"), "\(result)")
        #expect(result.stderr.contains("Fix with: chmod 600 \(file)"), "\(result)")
        #expect(!result.stderr.contains(box.passphrase(for: Staff.worker.login)))
        #expect(chmod(file, 0o600) == 0)
        try await box.run(["person", "list", "--purpose", "case_assessment", "--vault", box.vault.path, "--user", Staff.worker.login, "--passphrase-file", file]).succeeded()
    }

    @Test("no passphrase source (no file, no ZZK_PASSPHRASE, no terminal) exits 1 with the options")
    func noPassphrase() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        // setsid: no controlling terminal either (a developer's `make test` runs inside one).
        let result = try await box.runProgram("/usr/bin/setsid", ["--wait",
            CLI.zzk.path, "person", "list", "--purpose", "case_assessment", "--vault", box.vault.path, "--user", Staff.worker.login,
        ])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no passphrase given"), "\(result)")
        #expect(result.stderr.contains("--passphrase-file FILE, or set ZZK_PASSPHRASE"), "\(result)")

        let missingFile = box.root.appendingPathComponent("brak-hasla").path
        let noFile = try await box.run(["person", "list", "--purpose", "case_assessment", "--vault", box.vault.path, "--user", Staff.worker.login, "--passphrase-file", missingFile])
        #expect(noFile.status == 1, "\(noFile)")
        #expect(noFile.stderr.contains("cannot use '\(missingFile)': cannot open the passphrase file"), "\(noFile)")
    }
}
