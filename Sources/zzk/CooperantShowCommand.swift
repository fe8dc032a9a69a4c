import ArgumentParser
import ZZKVault

struct CooperantShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One registry entry (contacts for OPS staff).")
    @Argument(help: "Registry id.", transform: RecordID.normalised) var id: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let c = try options.session().cooperant(id)
        if output.json { return try Output.json(c) }
        print("\(c.id) — \(c.name)\(c.isLeader ? " (leader)" : "")")
        print("  sector: \(c.sector)")
        print("  NIP: \(c.nip ?? "-")  REGON: \(c.regon ?? "-")")
        print("  address: \(c.address)")
        print("  contact: \(c.contact.isEmpty ? "-" : c.contact)")
        print("  DPO contact: \(c.dpoContact.isEmpty ? "-" : c.dpoContact)")
        print("  accession: signed \(c.accessionSigned ?? "-"), accepted \(c.accessionAccepted ?? "-")\(c.withdrawnOn.map { ", withdrawn \($0)" } ?? "")")
    }
}
