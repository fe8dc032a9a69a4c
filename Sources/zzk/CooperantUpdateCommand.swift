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
        try options.session().updateCooperant(id) { c in
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
        if output.json { try Output.json(["id": id]) } else { print("Updated \(id).") }
    }
}
