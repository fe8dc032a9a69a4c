import ArgumentParser
import ZZKVault

struct CooperantUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a registry entry (only the options given).")
    @Argument(help: "Registry id.", transform: RecordID.normalised) var id: String
    @OptionGroup var details: CooperantDetailsOptions
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let contacts = try details.contacts()
        let d = details
        let changes = try options.session().updateCooperant(id) { c in
            if let v = d.name { c.name = v }
            if let v = d.sector { c.sector = v }
            if let v = d.nip { c.nip = v }
            if let v = d.regon { c.regon = v }
            if let v = d.address { c.address = v }
            if let v = d.accessionSigned { c.accessionSigned = v }
            if let v = d.accessionAccepted { c.accessionAccepted = v }
            if let v = contacts["contact"] { c.contact = v }
            if let v = contacts["dpo_contact"] { c.dpoContact = v }
        }
        if output.json { return try Output.json(Updated(id: id, keys: changes)) }
        let keys = " \(changes.issued) grants issued, \(changes.revoked) revoked, \(changes.rekeyed) categories re-keyed."
        print("Updated \(id)." + (changes.issued + changes.revoked > 0 ? keys : ""))
    }

    /// What `--json` prints: the cooperant and what the update did to its specialists' keys.
    struct Updated: Encodable {
        var id: String
        var keys: GrantChanges
    }
}
