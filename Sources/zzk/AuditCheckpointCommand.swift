import ArgumentParser
import Foundation
import ZZKVault

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Write the current signed checkpoint (C2SP tlog-checkpoint note) to keep off this machine.")
    @Option(name: .long, help: ArgumentHelp("The file to write (must not exist).", valueName: "FILE")) var out: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        guard !FileManager.default.fileExists(atPath: out) else { throw CommandFailure(message: "\(out) already exists; give a new file name") }
        let note = try options.session().auditCheckpoint()
        guard FileManager.default.createFile(atPath: out, contents: Data(note.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw CommandFailure(message: "cannot write \(out): check the folder exists and you may write to it")
        }
        print("Checkpoint written to \(out): \(note.split(separator: "\n").dropFirst().first ?? "?") entries.")
    }
}
