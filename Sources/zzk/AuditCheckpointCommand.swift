import ArgumentParser
import Foundation
import ZZKVault

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Write the current signed checkpoint (C2SP tlog-checkpoint note) to keep off this machine.")
    @Option(name: .long, help: ArgumentHelp("The file to write (must not exist; never a symbolic link).", valueName: "FILE")) var out: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        // Created first, so a bad path is refused before the checkpoint is taken and audited.
        let file = try OutputFile.create(out, mode: 0o644)
        let note: String
        do {
            note = try options.session().auditCheckpoint()
            try file.write(Array(note.utf8))
        } catch {
            file.discard()
            throw error
        }
        print("Checkpoint written to \(out): \(note.split(separator: "\n").dropFirst().first ?? "?") entries.")
    }
}
