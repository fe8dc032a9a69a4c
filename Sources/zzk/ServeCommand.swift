import ArgumentParser
import Foundation
import Synchronization
import ZZKServer
import ZZKDocuments
import ZZKVault

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the vault over HTTPS to every user: the JSON API under /api/v1.",
        discussion: """
            Run it as the vault's own service account: it refuses to start when other accounts could read the vault \
            folder, its keys or its database. The policy is the one in force when the server started: a version the \
            IOD approves later (zzk policy approve) takes effect when the server is restarted. \
            Users log in once per working session (POST /api/v1/session); their keys \
            live in the session's guarded memory and are erased at logout, after --idle-minutes without a request and \
            --lifetime-hours after login. Plain HTTP is allowed only on a loopback address (put a TLS proxy in front, \
            or give --tls-cert and --tls-key). Port 0 picks a free port; the address really used is printed. \
            Scheduled work runs inside the server: idle sessions end on time, grants whose consent, membership or \
            authorisation lapsed are revoked at the change of day, and with --checkpoints-to a signed checkpoint is \
            written at least hourly. SIGINT or SIGTERM stops the server, ending every session. See docs/deploy.md.
            """)
    @Option(name: .long, help: ArgumentHelp("The vault folder (default: $ZZK_VAULT).", valueName: "DIR"),
        completion: .directory)
    var vault: String?
    @Option(name: .long, help: ArgumentHelp(
        "The IOD's witness folder (default: $ZZK_WITNESS): refuse to start below its newest witnessed checkpoint.",
        valueName: "DIR"),
        completion: .directory)
    var witness: String?
    @Option(name: .long, help: ArgumentHelp("Address and port, e.g. 127.0.0.1:8080 or [::1]:8443.", valueName: "HOST:PORT"))
    var listen: String = "127.0.0.1:8080"
    @Option(name: .long, help: ArgumentHelp("TLS certificate chain (PEM).", valueName: "FILE"), completion: .file())
    var tlsCert: String?
    @Option(name: .long, help: ArgumentHelp("TLS private key (PEM).", valueName: "FILE"), completion: .file())
    var tlsKey: String?
    @Option(name: .long, help: ArgumentHelp("End a session after this many minutes without a request.", valueName: "N"))
    var idleMinutes: Double = 15
    @Option(name: .long, help: ArgumentHelp("End a session this many hours after login.", valueName: "N")) var lifetimeHours: Double = 8
    @Option(name: .long, help: ArgumentHelp(
        "Write a signed checkpoint here soon after start and then hourly (e.g. the IOD's storage).", valueName: "DIR"),
        completion: .directory)
    var checkpointsTo: String?

    func validate() throws {
        guard ListenAddress(listen) != nil else {
            throw ValidationError("--listen takes HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8443 (port 0–65535)")
        }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    func run() throws {
        guard let path = vault ?? ProcessInfo.processInfo.environment["ZZK_VAULT"], !path.isEmpty else {
            throw CommandFailure(message: "no vault given: add --vault DIR or set ZZK_VAULT=DIR", exitCode: 2)
        }
        var configuration = ServerConfiguration(
            listen: ListenAddress(listen)!,
            tls: tlsCert.map { ServerConfiguration.TLSFiles(certificate: $0, privateKey: tlsKey!) },
            idleTimeout: idleMinutes * 60, lifetime: lifetimeHours * 3600)
        if let checkpointsTo {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: checkpointsTo, isDirectory: &isFolder), isFolder.boolValue else {
                throw CommandFailure(message: "--checkpoints-to \(checkpointsTo) is not a folder; create it (mkdir -p) or name an existing one", exitCode: 2)
            }
            configuration.checkpointsTo = URL(fileURLWithPath: checkpointsTo)
        }
        do throws(ServerSetupError) { try configuration.validate() } catch { throw CommandFailure(message: error.description, exitCode: 2) }
        let vault = try Vault.open(at: URL(fileURLWithPath: path), noticeTexts: NoticeRenderer.textSource)
        if let folder = witness ?? ProcessInfo.processInfo.environment["ZZK_WITNESS"], !folder.isEmpty {
            _ = try vault.checkWitnessed(in: URL(fileURLWithPath: folder))
        }
        let scheme = configuration.tls == nil ? "http" : "https"
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let server = try VaultServer(vault: vault, configuration: configuration)
                let app = try server.application { address in
                    FileHandle.standardOutput.write(Data("zzk serve: listening on \(scheme)://\(address) (vault \(vault.vaultID)\(vault.isTestVault ? ", TEST VAULT: insecure key derivation" : ""))\n".utf8))
                }
                try await app.runService()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) {
            if let error = error as? ServerSetupError { throw CommandFailure(message: error.description, exitCode: 1) }
            throw CommandFailure(message: "the server stopped: \(error)", exitCode: 1)
        }
    }
}
