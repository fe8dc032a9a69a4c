import ArgumentParser
import ZZKVault

struct CooperantAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Register the leader (--leader) or a cooperant that signed the declaration of accession.",
        discussion: "Example: printf 'contact=sekretariat@kpp.example.pl\\ndpo_contact=iod@kpp.example.pl\\n' | zzk cooperant add KPP-ZIELONA-LAKA --name \"Komenda Powiatowa Policji\" --sector police --nip 5260250274 --address \"ul. Polna 1, 99-123 Zielona Łąka\" --accession-signed 2026-01-10 --accession-accepted 2026-01-15 --contacts-from -")
    @Argument(help: "Registry id, e.g. KPP-ZIELONA-LAKA (letters, digits, '-', '_').", transform: RecordID.normalised)
    var id: String
    @Flag(name: .long, help: "This is the leader of the partnership (the OPS).") var leader = false
    @OptionGroup var details: CooperantDetailsOptions
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let contacts = try details.contacts()
        guard let name = details.name, let address = details.address else { throw CommandFailure(message: "give --name and --address", exitCode: 2) }
        guard leader || details.sector != nil else { throw CommandFailure(message: "give --sector (or --leader for the OPS)", exitCode: 2) }
        let cooperant = Cooperant(
            id: id, name: name, sector: details.sector ?? "ops", isLeader: leader, nip: details.nip, regon: details.regon, address: address,
            contact: contacts["contact"] ?? "", dpoContact: contacts["dpo_contact"] ?? "",
            accessionSigned: details.accessionSigned, accessionAccepted: details.accessionAccepted)
        try options.session().addCooperant(cooperant)
        if output.json { try Output.json(["id": id]) } else { print("Registered \(leader ? "leader" : "cooperant") \(id).") }
    }
}
